"use client";
// Resume: pick the checkpoint to continue from (the default is what Resume took before: the
// protected best copy if the run has one, else the latest), seeing how many steps each one trains
// again. The list is read from the host when the dialog opens.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import type { TCheckpointChoice } from "@/lib/runs/describe-checkpoints";
import { listCheckpointsAction, resumeRunAction } from "./actions";

export function ResumeDialog({ runId, runName, hostName, onClose }: { runId: string; runName: string; hostName: string; onClose: () => void }) {
  const router = useRouter();
  const [list, setList] = useState<{ lastStep: number | null; checkpoints: TCheckpointChoice[] } | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void listCheckpointsAction({ runId }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setList(r.data);
      setPicked(r.data.checkpoints.find((c) => c.isDefault)?.name ?? r.data.checkpoints[0]?.name ?? null);
    });
  }, [runId]);
  const chosen = list?.checkpoints.find((c) => c.name === picked);
  const resume = async () => {
    if (!picked) return;
    setBusy(true);
    setError(null);
    const r = await resumeRunAction({ runId, checkpoint: picked });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    router.push(`/runs/${r.data.runId}`);
  };
  return (
    <ConfirmDialog open title={`Resume "${runName}" on ${hostName}`} confirmLabel={chosen ? `Resume from step ${chosen.step}` : "Resume"} tone="primary"
      busy={busy || !chosen} error={error} onConfirm={() => void resume()} onCancel={onClose}>
      {!list && !error && <p className="text-sm text-zinc-500">Reading the checkpoints on {hostName}…</p>}
      {list && list.checkpoints.length === 0 && <p className="text-sm">This run saved no complete checkpoint on the host, so there is nothing to resume from.</p>}
      {list && list.checkpoints.length > 0 && (
        <fieldset data-testid="resume-checkpoints">
          <legend className="mb-2 text-sm">A new run continues from the checkpoint you pick, on the same GPUs, with the same config.{list.lastStep !== null && <> The run logged up to step {list.lastStep}.</>}</legend>
          <div className="max-h-72 space-y-1.5 overflow-y-auto">
            {list.checkpoints.map((c) => (
              <label key={c.name} className={`flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 text-sm ${picked === c.name ? "border-accent-500 bg-accent-50/50 dark:bg-accent-500/10" : "border-zinc-200 dark:border-zinc-700"}`}>
                <input type="radio" name="checkpoint" value={c.name} checked={picked === c.name} onChange={() => setPicked(c.name)} className="accent-accent-600" aria-label={c.name} />
                <span className="font-mono text-xs">{c.name}</span>
                <span className="flex gap-1">
                  {c.latest && <Tag>latest</Tag>}
                  {c.best && <Tag>best</Tag>}
                </span>
                <span className="ml-auto whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400">{c.redoSteps === 0 ? "no step redone" : `${c.redoSteps} step${c.redoSteps === 1 ? "" : "s"} redone`}</span>
              </label>
            ))}
          </div>
          {chosen && <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="resume-summary">
            Continues from step {chosen.step}{list.lastStep !== null && chosen.redoSteps > 0 ? `: steps ${chosen.step + 1}–${list.lastStep} are trained again (${chosen.redoSteps} step${chosen.redoSteps === 1 ? "" : "s"})` : ""}.
          </p>}
        </fieldset>
      )}
    </ConfirmDialog>
  );
}

function Tag({ children }: { children: React.ReactNode }) {
  return <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[10px] font-medium uppercase tracking-wide text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{children}</span>;
}
