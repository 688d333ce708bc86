// The evaluation picture of one run, for its page and the API: its own eval/predict results, the
// per-dataset losses and eval-accuracy curve (trainer_state.json via runs."trainerMetrics"), the
// checkpoint evaluations launched from it, and — for a predict run — the training run it scores.
import { prisma, type RunStatus } from "@/lib/db";
import { isScoreKey, perDatasetLosses } from "./parse-results-json";
import { storedNumber, ZEvaluation, type TEvaluation } from "./types";

type TCurve = [number, number][];
export type TEvalSummary = {
  id: string; name: string; status: RunStatus; checkpoint: string | null; dataset: string | null; createdAt: string;
  finishedAt: string | null; scores: Record<string, number | null>;
};
export type TRunEvaluation = {
  evaluation: TEvaluation;
  /** Score keys of the run's own results (predict_bleu-4, eval_accuracy, ...), values NaN-safe. */
  scores: Record<string, number | null>;
  perDataset: { name: string; loss: number | null; accuracy: number | null }[];
  accuracyCurve: TCurve | null;
  /** eval accuracy by step: the pooled eval_accuracy, else one per dataset (eval_<name>_accuracy). */
  accuracyCurves: Record<string, TCurve>;
  perDatasetCurves: Record<string, TCurve>;
  evaluates: { id: string; name: string; checkpoint: string | null; dataset: string | null } | null;
  evaluations: TEvalSummary[];
};

function scoresOf(e: TEvaluation): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const part of [e?.evalResults, e?.predictResults]) {
    for (const [k, v] of Object.entries(part ?? {})) if (isScoreKey(k)) out[k] = storedNumber(v);
  }
  return out;
}

function curvesOf(tm: unknown): Record<string, TCurve> {
  const m = (tm as { metrics?: Record<string, unknown> } | null)?.metrics;
  if (!m || typeof m !== "object") return {};
  const out: Record<string, TCurve> = {};
  for (const [k, v] of Object.entries(m)) {
    if (!Array.isArray(v)) continue;
    out[k] = v.flatMap((p) => (Array.isArray(p) && typeof p[0] === "number" ? [[p[0], storedNumber(p[1]) ?? Number.NaN] as [number, number]] : []));
  }
  return out;
}

export async function getRunEvaluation(runId: string): Promise<TRunEvaluation | null> {
  const run = await prisma.run.findUnique({
    where: { id: runId },
    select: {
      evaluation: true, trainerMetrics: true, evalCheckpoint: true, evalDataset: true,
      evaluatesRun: { select: { id: true, name: true } },
      evaluations: { select: { id: true, name: true, status: true, evalCheckpoint: true, evalDataset: true, createdAt: true, finishedAt: true, evaluation: true }, orderBy: { createdAt: "desc" }, take: 50 },
    },
  });
  if (!run) return null;
  const evaluation = ZEvaluation.parse(run.evaluation);
  const curves = curvesOf(run.trainerMetrics);
  const finalLosses = perDatasetLosses(Object.fromEntries(Object.entries(evaluation?.evalResults ?? {}).map(([k, v]) => [k, storedNumber(v) ?? Number.NaN])));
  const names = new Set([...Object.keys(finalLosses), ...Object.keys(curves).flatMap((k) => { const m = /^eval_(.+)_loss$/.exec(k); return m ? [m[1]!] : []; })]);
  const last = (k: string) => curves[k]?.at(-1)?.[1] ?? null;
  const perDataset = [...names].sort().map((name) => ({
    name,
    loss: finalLosses[name] ?? last(`eval_${name}_loss`),
    accuracy: storedNumber(evaluation?.evalResults?.[`eval_${name}_accuracy`]) ?? last(`eval_${name}_accuracy`),
  }));
  const perDatasetCurves = Object.fromEntries([...names].flatMap((n) => (curves[`eval_${n}_loss`] ? [[n, curves[`eval_${n}_loss`]!]] : [])));
  return {
    evaluation,
    scores: scoresOf(evaluation),
    perDataset,
    accuracyCurve: curves.eval_accuracy ?? null,
    accuracyCurves: curves.eval_accuracy ? { eval_accuracy: curves.eval_accuracy }
      : Object.fromEntries([...names].flatMap((n) => (curves[`eval_${n}_accuracy`] ? [[`eval_${n}_accuracy`, curves[`eval_${n}_accuracy`]!]] : []))),
    perDatasetCurves,
    evaluates: run.evaluatesRun ? { ...run.evaluatesRun, checkpoint: run.evalCheckpoint, dataset: run.evalDataset } : null,
    evaluations: run.evaluations.map((e) => ({
      id: e.id, name: e.name, status: e.status, checkpoint: e.evalCheckpoint, dataset: e.evalDataset, createdAt: e.createdAt.toISOString(),
      finishedAt: e.finishedAt?.toISOString() ?? null, scores: scoresOf(ZEvaluation.parse(e.evaluation)),
    })),
  };
}
