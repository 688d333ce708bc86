// trainer_state.json, read live whenever a new one appears (checkpoint-N/ at every save, the output
// dir's own at the end): its grad norms go onto the stored train points that lack one (matched by
// step in the current resume segment), and the metrics only it carries (eval_accuracy, per-dataset
// eval_<name>_loss, DPO/ORPO rewards/* and logps/*) are kept on the run for the run page.
import type pg from "pg";
import { parseTrainerState, type TTrainerState } from "@/lib/logs/parse-trainer-state";
import { inTransaction } from "@/lib/metrics/store/pg-pool";
import { jsonSafe } from "./ingest-final-metrics";

/** Per metric, the newest this many points are kept (a chart's worth; the state itself is the archive). */
export const MAX_STATE_SERIES_POINTS = 5000;
const BOOKKEEPING = /^(train_|total_flos$|num_input_tokens_seen$|(eval|predict)_(runtime|samples_per_second|steps_per_second)$)/;

export type TTrainerMetrics = { file: string; globalStep: number | null; metrics: Record<string, [number, number][]> };

/** The metrics only trainer_state.json carries, as [step, value] series (pure). */
export function trainerMetricsOf(state: TTrainerState, file: string): TTrainerMetrics {
  const metrics: Record<string, [number, number][]> = {};
  for (const e of state.entries) {
    for (const [k, v] of Object.entries(e.extra)) {
      if (BOOKKEEPING.test(k)) continue;
      (metrics[k] ??= []).push([e.step, v]);
    }
  }
  for (const k of Object.keys(metrics)) if (metrics[k]!.length > MAX_STATE_SERIES_POINTS) metrics[k] = metrics[k]!.slice(-MAX_STATE_SERIES_POINTS);
  return { file, globalStep: state.globalStep, metrics };
}

/**
 * Applies one trainer_state.json text to a run: grad norms onto its train points of `segment` that have
 * none, and the state-only metrics onto runs."trainerMetrics". A malformed file changes nothing and
 * returns the reason. Idempotent (a second apply finds no point without a grad norm to fill).
 */
export async function ingestTrainerState(o: { runId: string; segment: number; file: string; text: string }):
  Promise<{ ok: true; gradNorms: number; metrics: string[] } | { ok: false; error: string }> {
  let state: TTrainerState;
  try {
    state = parseTrainerState(o.text);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const steps: number[] = [];
  const norms: string[] = [];
  for (const e of state.entries) {
    if (e.kind !== "TRAIN" || e.gradNorm === null) continue;
    steps.push(e.step);
    const g = e.gradNorm;
    norms.push(g !== g ? "NaN" : g === Infinity ? "Infinity" : g === -Infinity ? "-Infinity" : String(g));
  }
  const tm = trainerMetricsOf(state, o.file);
  return inTransaction(async (c: pg.ClientBase) => {
    let gradNorms = 0;
    if (steps.length > 0) {
      const r = await c.query(
        `UPDATE metric_points m SET "gradNorm" = u.g FROM unnest($3::int[], $4::float8[]) AS u(s, g)
         WHERE m."runId"=$1 AND m.kind='TRAIN' AND m.segment=$2 AND m.step=u.s AND m."gradNorm" IS NULL`,
        [o.runId, o.segment, `{${steps.join(",")}}`, `{${norms.join(",")}}`],
      );
      gradNorms = r.rowCount ?? 0;
    }
    await c.query(`UPDATE runs SET "trainerMetrics"=$2::jsonb, "updatedAt"=now() WHERE id=$1`, [o.runId, JSON.stringify(jsonSafe(tm))]);
    return { ok: true as const, gradNorms, metrics: Object.keys(tm.metrics).sort() };
  });
}

/** Where the newest trainer_state.json of a running or finished run can be (newest first). */
export function trainerStatePaths(outputDir: string, lastStep: number | null, saveSteps: number | null, totalSteps: number | null): string[] {
  const dir = outputDir.replace(/\/+$/, "");
  const out = [`${dir}/trainer_state.json`];
  const every = saveSteps === null || !(saveSteps > 0) ? null : saveSteps < 1 ? (totalSteps ? Math.ceil(saveSteps * totalSteps) : null) : Math.round(saveSteps);
  if (every && lastStep !== null && lastStep >= every) out.push(`${dir}/checkpoint-${Math.floor(lastStep / every) * every}/trainer_state.json`);
  return out;
}
