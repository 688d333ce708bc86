// The run's evaluation: LF's eval/predict scores, per-dataset eval losses, the eval-accuracy curve
// (trainer_state.json), the checkpoint evaluations launched from this run (or, on a predict run, the
// training run it scores), and the generated predictions viewer.
import Link from "next/link";
import { formatMetric } from "@/lib/format/format-time";
import type { TRunEvaluation } from "@/lib/evaluation/get-run-evaluation";
import { StatusPill } from "@/app/components/status-pill";
import { EvaluateButton } from "./evaluate-dialog";
import { PredictionsViewer } from "./predictions-viewer";

const PREDICT_KEYS = ["predict_bleu-4", "predict_rouge-1", "predict_rouge-2", "predict_rouge-l"];
const LABEL: Record<string, string> = { "predict_bleu-4": "BLEU-4", "predict_rouge-1": "ROUGE-1", "predict_rouge-2": "ROUGE-2", "predict_rouge-l": "ROUGE-L", eval_loss: "eval loss", eval_accuracy: "eval accuracy" };

function Num({ v }: { v: number | null | undefined }) {
  const bad = v !== null && v !== undefined && !Number.isFinite(v);
  return <span className={`tabular-nums ${bad ? "font-semibold text-red-600 dark:text-red-400" : ""}`}>{v === null || v === undefined ? "–" : formatMetric(v)}</span>;
}

function Sparkline({ points, label }: { points: [number, number][]; label: string }) {
  const finite = points.filter(([, v]) => Number.isFinite(v));
  if (finite.length < 2) return null;
  const W = 340, H = 90, P = 46;
  const xs = finite.map((p) => p[0]), ys = finite.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const sx = (x: number) => P + ((x - x0) / (x1 - x0 || 1)) * (W - P - 6);
  const sy = (y: number) => 8 + (1 - (y - y0) / (y1 - y0 || 1)) * (H - 24);
  const d = finite.map(([x, y], i) => `${i ? "L" : "M"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join("");
  return (
    <figure data-testid="eval-accuracy-curve" data-points={finite.length}>
      <figcaption className="mb-0.5 text-xs text-zinc-500">{label} by step</figcaption>
      <svg width={W} height={H} className="text-zinc-400" role="img" aria-label={`${label} by step`}>
        <line x1={P} x2={W - 6} y1={H - 16} y2={H - 16} stroke="currentColor" strokeOpacity={0.5} />
        <text x={P - 3} y={sy(y1) + 3} textAnchor="end" className="fill-current text-[9px]">{formatMetric(y1)}</text>
        <text x={P - 3} y={sy(y0) + 3} textAnchor="end" className="fill-current text-[9px]">{formatMetric(y0)}</text>
        <text x={P} y={H - 4} className="fill-current text-[9px]">{x0}</text>
        <text x={W - 6} y={H - 4} textAnchor="end" className="fill-current text-[9px]">{x1}</text>
        <path d={d} fill="none" className="stroke-accent-600 dark:stroke-accent-400" strokeWidth={1.6} />
        {finite.map(([x, y]) => <circle key={x} cx={sx(x)} cy={sy(y)} r={2} className="fill-accent-600 dark:fill-accent-400" />)}
      </svg>
    </figure>
  );
}

export function EvaluationPanel(props: { runId: string; runName: string; hostName: string; ev: TRunEvaluation; canEvaluate: boolean; ended: boolean }) {
  const { ev } = props;
  const own = ev.scores;
  const predictShown = PREDICT_KEYS.filter((k) => k in own);
  // Per-dataset keys (eval_<name>_loss/_accuracy) go to their own table.
  const otherShown = Object.keys(own).filter((k) => !PREDICT_KEYS.includes(k) && !/^eval_.+_(loss|accuracy)$/.test(k));
  const preds = ev.evaluation?.predictions ?? null;
  const nothing = predictShown.length + otherShown.length === 0 && ev.perDataset.length === 0 && Object.keys(ev.accuracyCurves).length === 0 && ev.evaluations.length === 0 && !preds;
  return (
    <section className="space-y-3 rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="evaluation-panel">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium">Evaluation</h3>
        {props.canEvaluate && <EvaluateButton runId={props.runId} runName={props.runName} hostName={props.hostName} />}
      </div>
      {ev.evaluates && (
        <p data-testid="evaluates-link">Scores <code className="text-xs">{ev.evaluates.checkpoint ?? "a checkpoint"}</code> of{" "}
          <Link className="text-accent-600 hover:underline dark:text-accent-400" href={`/runs/${ev.evaluates.id}`}>{ev.evaluates.name}</Link>
          {ev.evaluates.dataset && <> on <code className="text-xs">{ev.evaluates.dataset}</code></>}.</p>
      )}
      {nothing && <p className="text-zinc-500">{props.ended ? "This run wrote no eval_results.json, predict_results.json or generated_predictions.jsonl." : "Shown when the run writes eval_results.json, predict_results.json or generated_predictions.jsonl (at its end)."}
        {props.canEvaluate && " Evaluate a checkpoint to score it with BLEU-4 / ROUGE on an eval dataset."}</p>}
      {(predictShown.length > 0 || otherShown.length > 0) && (
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="eval-scores">
          {[...predictShown, ...otherShown].map((k) => (
            <div key={k} className="rounded-md bg-zinc-50 px-2 py-1.5 dark:bg-zinc-950" data-score={k}>
              <dt className="truncate text-[11px] text-zinc-500" title={k}>{LABEL[k] ?? k}</dt>
              <dd className="text-base font-semibold"><Num v={own[k]} /></dd>
            </div>
          ))}
        </dl>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        {ev.perDataset.length > 0 && (
          <table className="h-fit w-full text-xs" data-testid="per-dataset">
            <caption className="pb-1 text-left text-[11px] text-zinc-500">Per eval dataset (eval_&lt;name&gt;_loss)</caption>
            <thead><tr className="text-left text-zinc-500"><th className="font-normal">dataset</th><th className="text-right font-normal">loss</th><th className="text-right font-normal">accuracy</th></tr></thead>
            <tbody>
              {ev.perDataset.map((d) => (
                <tr key={d.name} className="border-t border-zinc-100 dark:border-zinc-800" data-dataset={d.name}>
                  <td className="py-0.5 font-mono">{d.name}</td>
                  <td className="text-right"><Num v={d.loss} /></td>
                  <td className="text-right"><Num v={d.accuracy} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {Object.keys(ev.accuracyCurves).length > 0 && (
          <div className="flex flex-wrap gap-3">
            {Object.entries(ev.accuracyCurves).map(([k, pts]) => <Sparkline key={k} points={pts} label={k === "eval_accuracy" ? "eval accuracy" : k.replace(/^eval_/, "").replace(/_accuracy$/, " accuracy")} />)}
          </div>
        )}
      </div>
      {ev.evaluations.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-xs" data-testid="checkpoint-evaluations">
            <caption className="pb-1 text-left text-[11px] text-zinc-500">Checkpoint evaluations of this run</caption>
            <thead>
              <tr className="text-left text-zinc-500">
                <th className="font-normal">run</th><th className="font-normal">checkpoint</th><th className="font-normal">dataset</th><th className="font-normal">status</th>
                {PREDICT_KEYS.map((k) => <th key={k} className="text-right font-normal">{LABEL[k]}</th>)}
              </tr>
            </thead>
            <tbody>
              {ev.evaluations.map((e) => (
                <tr key={e.id} className="border-t border-zinc-100 dark:border-zinc-800" data-eval-run={e.id}>
                  <td className="max-w-48 truncate py-1"><Link className="text-accent-600 hover:underline dark:text-accent-400" href={`/runs/${e.id}`} title={e.name}>{e.name}</Link></td>
                  <td className="font-mono">{e.checkpoint ?? "–"}</td>
                  <td className="font-mono">{e.dataset ?? "–"}</td>
                  <td><StatusPill status={e.status} /></td>
                  {PREDICT_KEYS.map((k) => <td key={k} className="text-right"><Num v={e.scores[k]} /></td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(ev.evaluation?.errors.length ?? 0) > 0 && (
        <ul className="list-inside list-disc text-xs text-amber-700 dark:text-amber-300" data-testid="evaluation-errors">
          {ev.evaluation!.errors.map((e) => <li key={e}>{e}</li>)}
        </ul>
      )}
      {preds && preds.errorCount > 0 && (
        <p className="text-xs text-amber-700 dark:text-amber-300" data-testid="prediction-line-errors">
          {preds.errorCount} line{preds.errorCount === 1 ? "" : "s"} of generated_predictions.jsonl skipped: {preds.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`).join("; ")}
        </p>
      )}
      {preds && <PredictionsViewer runId={props.runId} lines={preds.lines} stored={preds.stored} />}
    </section>
  );
}
