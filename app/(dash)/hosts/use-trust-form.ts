"use client";
// The two-step "Connect, then Trust and save" form state shared by Add host and Add Slurm cluster:
// editing any field after Connect forgets the probe (the key shown must be the key saved), and the
// form opens as a modal so it never squeezes into the page header.
import { useEffect, useRef, useState, useTransition } from "react";
import type { TActionResult } from "@/lib/auth/auth-action";

type TErr = { message: string; field?: string } | null;

export function useTrustForm<F extends Record<string, string>, P extends { fingerprint: string }>(o: { empty: F; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(o.defaultOpen ?? false);
  const [form, setForm] = useState<F>(o.empty);
  const [probe, setProbe] = useState<P | null>(null);
  const [error, setError] = useState<TErr>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialogRef.current;
    if (d && open && !d.open) d.showModal();
  }, [open]);

  const set = (k: keyof F) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    setProbe(null);
    setSaved(null);
    if (error?.field === k) setError(null);
  };
  const clear = (reopen: boolean) => { setOpen(reopen); setProbe(null); setError(null); setForm(o.empty); };
  /** Cancel: closes the form and forgets what was typed. */
  const reset = () => clear(false);
  const connect = (run: () => Promise<TActionResult<P>>) => start(async () => {
    setError(null);
    const r = await run();
    if (r.ok) setProbe(r.data);
    else setError(r.error);
  });
  /** Saves with the fingerprint shown by Connect; `done` returns the line shown once the form closes. */
  const save = <D,>(run: (fingerprint: string) => Promise<TActionResult<D>>, done: (d: D) => string, after?: () => void) => start(async () => {
    if (!probe) return;
    setError(null);
    const r = await run(probe.fingerprint);
    if (!r.ok) return setError(r.error);
    setSaved(done(r.data));
    clear(o.defaultOpen ?? false);
    after?.();
  });
  return { open, setOpen, form, probe, setProbe, error, setError, saved, pending, dialogRef, set, reset, connect, save };
}
