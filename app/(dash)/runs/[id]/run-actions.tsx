"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import { KillRunsDialog } from "@/app/(dash)/_runs/kill-runs-dialog";
import { killRunAction, stopRunAction } from "./actions";
import { ResumeDialog } from "./resume-dialog";
import { KillDescription, killTitle } from "@/app/(dash)/_runs/kill-description";

export function RunActions(props: { runId: string; runName: string; hostName: string; canStop: boolean; canCancel: boolean; canResume: boolean; canOperate: boolean; stopNote?: string | null }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState<"stop" | "kill" | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [resuming, setResuming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!props.canOperate) return null;
  const run = async (what: "stop" | "kill") => {
    setBusy(true);
    setError(null);
    const r = await (what === "stop" ? stopRunAction : killRunAction)({ runId: props.runId });
    setBusy(false);
    if (!r.ok) { setError(r.error.message); return; }
    setConfirm(null);
    router.refresh();
  };
  return (
    <div className="flex items-center gap-2">
      {/* Same action and confirmation as the runs list: a queued run leaves the queue, the host is not touched. */}
      {props.canCancel && <Button onClick={() => setCancelling(true)} data-testid="cancel-run">Cancel run</Button>}
      {cancelling && <KillRunsDialog runs={[{ id: props.runId, name: props.runName, hostName: props.hostName, status: "QUEUED" }]} onClose={() => setCancelling(false)} />}
      {props.canStop && <Button onClick={() => setConfirm("stop")} data-testid="stop-run">Stop</Button>}
      {props.canStop && <Button variant="danger" onClick={() => setConfirm("kill")} data-testid="kill-run">Kill</Button>}
      {props.canResume && <Button variant="primary" onClick={() => setResuming(true)} data-testid="resume-run">Resume…</Button>}
      {resuming && <ResumeDialog runId={props.runId} runName={props.runName} hostName={props.hostName} onClose={() => setResuming(false)} />}
      {error && !confirm && <span role="alert" className="text-xs text-red-600">{error}</span>}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === "kill" ? killTitle(props.runName, props.hostName) : `Stop run "${props.runName}" on ${props.hostName}?`}
        confirmLabel={confirm === "kill" ? "Kill run" : "Stop gracefully"}
        tone={confirm === "kill" ? "danger" : "primary"}
        busy={busy}
        error={error}
        onConfirm={() => void run(confirm!)}
        onCancel={() => { setConfirm(null); setError(null); }}
      >
        {confirm === "kill"
          ? <KillDescription hostName={props.hostName} />
          : props.stopNote ? <>{props.stopNote}</>
          : <>LLaMA-Factory finishes the current step, saves the model and exits. If it does not, the kill ladder takes over after the grace period.</>}
      </ConfirmDialog>
    </div>
  );
}
