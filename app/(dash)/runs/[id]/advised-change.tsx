"use client";
// "Try the advised change": the verdict's advice as one-click child runs. The dialog says exactly what
// will launch (same preset version, host and GPUs, the parent's overrides plus this change).
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import type { TAdvisedChange } from "@/lib/runs/advised-change";
import { launchAdvisedChangeAction } from "./actions";

export function AdvisedChange(props: { runId: string; hostName: string; gpus: number[]; changes: TAdvisedChange[] }) {
  const router = useRouter();
  const [open, setOpen] = useState<TAdvisedChange | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!props.changes.length) return null;
  const launch = async () => {
    if (!open) return;
    setBusy(true);
    setError(null);
    const r = await launchAdvisedChangeAction({ runId: props.runId, changeId: open.id });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setOpen(null);
    router.push(`/runs/${r.data.runId}`);
  };
  return (
    <section className="rounded-lg border border-accent-200 bg-accent-50/60 p-3 text-sm dark:border-accent-500/30 dark:bg-accent-500/10" data-testid="advised-change">
      <h3 className="mb-1 font-medium">Try the advised change</h3>
      <p className="mb-2 text-zinc-600 dark:text-zinc-400">A child run of this one: same preset version, host and GPUs, its overrides plus the change.</p>
      <div className="flex flex-wrap gap-2">
        {props.changes.map((c, i) => (
          <Button key={c.id} variant={i === 0 ? "primary" : "secondary"} onClick={() => setOpen(c)} data-testid={`advised-${c.id}`}>{c.label}</Button>
        ))}
      </div>
      <ConfirmDialog open={open !== null} title="Launch the advised change?" confirmLabel="Launch child run" tone="primary" busy={busy} error={error}
        onConfirm={() => void launch()} onCancel={() => (setOpen(null), setError(null))}>
        {open && (
          <p>
            {open.label}. It runs on {props.hostName} GPU {props.gpus.join(", ")} and is linked to this run as its parent.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
