"use client";
// Cancel the sweep; promote the best trial to the preset's next version (both confirmed first).
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { cancelSweepAction, promoteSweepTrialAction } from "@/app/(dash)/sweeps/actions";

export function SweepActions(p: { sweepId: string; canCancel: boolean; best: { trialId: string; label: string } | null; presetName: string }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"cancel" | "promote" | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const r = dialog === "cancel" ? await cancelSweepAction({ sweepId: p.sweepId }) : await promoteSweepTrialAction({ sweepId: p.sweepId, trialId: p.best!.trialId });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setDialog(null);
    router.refresh();
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      {p.best && <Button variant="primary" onClick={() => setDialog("promote")} data-testid="promote-best">Promote best trial to a new preset version</Button>}
      {p.canCancel && <Button variant="danger" onClick={() => setDialog("cancel")} data-testid="cancel-sweep">Cancel sweep</Button>}
      <ConfirmDialog open={dialog !== null} title={dialog === "cancel" ? "Cancel this sweep?" : "Promote the best trial?"}
        confirmLabel={dialog === "cancel" ? "Cancel sweep" : "Save new version"} cancelLabel={dialog === "cancel" ? "Keep running" : "Cancel"}
        tone={dialog === "cancel" ? "danger" : "primary"} busy={busy} error={error} onConfirm={() => void run()} onCancel={() => (setDialog(null), setError(null))}>
        {dialog === "cancel"
          ? <p>No new trial starts. Live trials get a graceful stop (LLaMA-Factory saves, the best checkpoint is kept).</p>
          : <p>Saves {p.best?.label} into <b>{p.presetName}</b> as its next version (audited). Runs of older versions keep pointing at theirs.</p>}
      </ConfirmDialog>
    </div>
  );
}
