"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { changePasswordAction } from "@/app/(dash)/account/actions";

/** `next`: where to go once a required change is done (null: stay and say it worked). */
export function ChangePasswordForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [current, setCurrent] = useState("");
  const [fresh, setFresh] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [done, setDone] = useState(false);
  const [pending, start] = useTransition();
  const submit = () => start(async () => {
    setError(null);
    setDone(false);
    const r = await changePasswordAction({ current, next: fresh, confirm });
    if (!r.ok) return setError(r.error);
    setCurrent(""); setFresh(""); setConfirm("");
    if (next !== null) {
      router.push(next);
      return;
    }
    setDone(true);
    router.refresh();
  });
  return (
    <form aria-label="Change password" className="mt-4 space-y-3" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <FormError message={error?.message} />
      {done && <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-200">Password changed. Other sessions were signed out.</p>}
      <label className="block"><span className="ff-label">Current password</span>
        <input className="ff-input" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} aria-invalid={error?.field === "current" || undefined} required />
      </label>
      <label className="block"><span className="ff-label">New password</span>
        <input className="ff-input" type="password" autoComplete="new-password" maxLength={200} value={fresh} onChange={(e) => setFresh(e.target.value)} aria-invalid={error?.field === "next" || undefined} required />
      </label>
      <label className="block"><span className="ff-label">New password again</span>
        <input className="ff-input" type="password" autoComplete="new-password" maxLength={200} value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={error?.field === "confirm" || undefined} required />
      </label>
      <Button type="submit" variant="primary" disabled={pending || !current || !fresh || !confirm}>{pending ? "Saving…" : "Change password"}</Button>
    </form>
  );
}
