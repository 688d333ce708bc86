"use client";
// "Evaluate this checkpoint": pick a checkpoint (default: the best, else the latest) and an eval dataset
// from the host's data/dataset_info.json; a predict run is queued on the same host and opened.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { ConfirmDialog } from "@/app/components/confirm-dialog";
import type { TCheckpointChoice } from "@/lib/runs/describe-checkpoints";
import { evaluateCheckpointAction, listEvalChoicesAction } from "./actions";

export function EvaluateButton({ runId, runName, hostName }: { runId: string; runName: string; hostName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="primary" onClick={() => setOpen(true)} data-testid="evaluate-checkpoint">Evaluate this checkpoint…</Button>
      {open && <EvaluateDialog runId={runId} runName={runName} hostName={hostName} onClose={() => setOpen(false)} />}
    </>
  );
}

function EvaluateDialog({ runId, runName, hostName, onClose }: { runId: string; runName: string; hostName: string; onClose: () => void }) {
  const router = useRouter();
  const [choices, setChoices] = useState<{ checkpoints: TCheckpointChoice[]; datasets: string[] } | null>(null);
  const [checkpoint, setCheckpoint] = useState("");
  const [dataset, setDataset] = useState("");
  const [maxSamples, setMaxSamples] = useState(50);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void listEvalChoicesAction({ runId }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setChoices(r.data);
      const best = r.data.checkpoints.find((c) => c.best) ?? r.data.checkpoints.find((c) => c.isDefault) ?? r.data.checkpoints.at(-1);
      setCheckpoint(best?.name ?? "");
      setDataset(r.data.suggested ?? "");
    });
  }, [runId]);
  const go = async () => {
    setBusy(true);
    setError(null);
    const r = await evaluateCheckpointAction({ runId, checkpoint, dataset, maxSamples });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    router.push(`/runs/${r.data.runId}`);
  };
  return (
    <ConfirmDialog open title={`Evaluate a checkpoint of "${runName}"`} confirmLabel="Run prediction" tone="primary"
      busy={busy || !checkpoint || !dataset} error={error} onConfirm={() => void go()} onCancel={onClose}>
      {!choices && !error && <p className="text-zinc-500">Reading the checkpoints and datasets on {hostName}…</p>}
      {choices && choices.checkpoints.length === 0 && <p>This run saved no complete checkpoint on the host, so there is nothing to evaluate.</p>}
      {choices && choices.checkpoints.length > 0 && (
        <div className="space-y-3" data-testid="evaluate-form">
          <p>A predict run (<code>do_predict</code>, <code>predict_with_generate</code>) scores the checkpoint on {hostName} with BLEU-4 and ROUGE and keeps its generations for the viewer.</p>
          <label className="block">
            <span className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">Checkpoint</span>
            <select className="ff-input" value={checkpoint} onChange={(e) => setCheckpoint(e.target.value)} data-testid="evaluate-checkpoint-select">
              {choices.checkpoints.map((c) => <option key={c.name} value={c.name}>{c.name}{c.best ? " (best)" : c.latest ? " (latest)" : ""}</option>)}
            </select>
          </label>
          <label className="block">
            <span className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">Eval dataset (from the host&apos;s dataset_info.json)</span>
            {choices.datasets.length > 0 ? (
              <select className="ff-input" value={dataset} onChange={(e) => setDataset(e.target.value)} data-testid="evaluate-dataset">
                {choices.datasets.map((d) => <option key={d} value={d}>{d}</option>)}
              </select>
            ) : (
              // No runtime probe listed the host's datasets yet: type the name; the preflight checks it on the host.
              <input className="ff-input" value={dataset} onChange={(e) => setDataset(e.target.value)} placeholder="e.g. alpaca_en_demo" data-testid="evaluate-dataset" />
            )}
          </label>
          <label className="block">
            <span className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">Samples (max_samples)</span>
            <input type="number" min={1} max={100000} className="ff-input w-32" value={maxSamples} onChange={(e) => setMaxSamples(Math.max(1, Number(e.target.value) || 1))} data-testid="evaluate-max-samples" />
          </label>
        </div>
      )}
    </ConfirmDialog>
  );
}
