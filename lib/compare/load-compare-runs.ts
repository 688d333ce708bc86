// Everything the compare page shows about its runs besides curves: identity, outcome, tags,
// hyperparameters (flat, from runs.hparams) and the values of the parallel-coordinates axes.
// Raw pg: last losses may be NaN and must say so.
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { toJsonFloat, type TJsonFloat } from "@/lib/metrics/store/float-text";
import { loadRows } from "@/lib/dashboard/list-runs";
import { backfillHparams } from "@/lib/runs-table/backfill-hparams";
import type { TAxisValue } from "@/lib/compare/pc-scale";
import { isScoreKey } from "@/lib/evaluation/parse-results-json";

export type TCompareRun = {
  id: string; name: string; status: string; verdict: string | null; hostName: string; preset: string | null;
  tags: string[]; hparams: Record<string, string | number | boolean | null>; overrides: string[];
  lastLoss: TJsonFloat; lastEvalLoss: TJsonFloat; bestEvalLoss: TJsonFloat; bestStep: number | null;
  lastStep: number | null; totalSteps: number | null; startedAt: string | null; finishedAt: string | null; gpuCount: number;
  stopRule: string | null; stopReason: string | null;
  /** Parallel-coordinates axis values by axis id; non-finite and missing values are null (not drawn). */
  axes: Record<string, TAxisValue>;
  /** Evaluation scores (`ev:<key>` columns: the run's own, else its newest checkpoint evaluation's). */
  evals: Record<string, TJsonFloat>;
};

/** A jsonb value as an object ('{}' for SQL NULL, JSON null or a non-object). */
const obj = (v: string) => `(CASE WHEN jsonb_typeof(${v}) = 'object' THEN ${v} ELSE '{}'::jsonb END)`;

/** Score keys the compared runs (or their checkpoint evaluations) have, BLEU/ROUGE first; at most 8. */
export async function compareEvalKeys(ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const r = await metricsPool().query<{ k: string }>(
    `SELECT DISTINCT k FROM runs r LEFT JOIN runs e ON e."evaluatesRunId" = r.id,
       jsonb_object_keys(${obj("r.evaluation->'predictResults'")} || ${obj("r.evaluation->'evalResults'")}
         || ${obj("e.evaluation->'predictResults'")} || ${obj("e.evaluation->'evalResults'")}) k
      WHERE r.id = ANY($1)`, [ids]);
  const keys = r.rows.map((x) => x.k).filter((k) => isScoreKey(k) && /^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,79}$/.test(k));
  return keys.sort((a, b) => Number(b.startsWith("predict_")) - Number(a.startsWith("predict_")) || a.localeCompare(b)).slice(0, 8);
}

type TDb = { id: string; name: string; status: string; verdict: string | null; hostName: string; presetName: string | null; presetVersion: number | null;
  tags: string[]; hparams: Record<string, string | number | boolean | null> | null; overrides: Record<string, unknown> | null;
  lastLoss: number | null; lastEvalLoss: number | null; bestEvalLoss: number | null; bestStep: number | null; lastStep: number | null; totalSteps: number | null;
  startedAt: Date | null; finishedAt: Date | null; gpuIndices: number[]; stopRule: string | null; stopReason: string | null };

export async function loadCompareRuns(ids: string[], axes: string[], evalKeys: string[] = []): Promise<TCompareRun[]> {
  if (ids.length === 0) return [];
  await backfillHparams();
  const [r, cells] = await Promise.all([
    metricsPool().query<TDb>(
      `SELECT r.id, r.name, r.status::text AS status, r.verdict, h.name AS "hostName", p.name AS "presetName", pv.version AS "presetVersion",
              r.tags, r.hparams, r.overrides, r."lastLoss", r."lastEvalLoss", r."bestEvalLoss", r."bestStep", r."lastStep", r."totalSteps",
              r."startedAt", r."finishedAt", r."gpuIndices", r."stopRule", r."stopReason"
         FROM runs r JOIN hosts h ON h.id = r."hostId"
         LEFT JOIN preset_versions pv ON pv.id = r."presetVersionId" LEFT JOIN presets p ON p.id = pv."presetId"
        WHERE r.id = ANY($1)`, [ids]),
    loadRows(ids, [...new Set([...axes, ...evalKeys.map((k) => `ev:${k}`)])], false),
  ]);
  const byId = new Map(r.rows.map((x) => [x.id, x]));
  const cellsById = new Map(cells.map((x) => [x.id, x]));
  return ids.flatMap((id) => {
    const x = byId.get(id);
    if (!x) return [];
    const c = cellsById.get(id);
    const axisValues: Record<string, TAxisValue> = {};
    for (const a of axes) {
      const v = a === "loss" ? x.lastLoss : a === "eval_loss" ? x.lastEvalLoss : c?.cells[a];
      axisValues[a] = typeof v === "number" ? (Number.isFinite(v) ? v : null) : typeof v === "string" && !["NaN", "Infinity", "-Infinity"].includes(v) ? v
        : typeof v === "boolean" ? String(v) : null;
    }
    return [{
      id, name: x.name, status: x.status, verdict: x.verdict, hostName: x.hostName,
      preset: x.presetName ? `${x.presetName}@v${x.presetVersion}` : null, tags: x.tags, hparams: x.hparams ?? {},
      overrides: Object.keys(x.overrides ?? {}),
      lastLoss: toJsonFloat(x.lastLoss), lastEvalLoss: toJsonFloat(x.lastEvalLoss), bestEvalLoss: toJsonFloat(x.bestEvalLoss), bestStep: x.bestStep,
      lastStep: x.lastStep, totalSteps: x.totalSteps, startedAt: x.startedAt?.toISOString() ?? null, finishedAt: x.finishedAt?.toISOString() ?? null,
      gpuCount: x.gpuIndices.length, stopRule: x.stopRule, stopReason: x.stopReason, axes: axisValues,
      evals: Object.fromEntries(evalKeys.map((k) => { const v = c?.cells[`ev:${k}`]; return [k, typeof v === "number" || v === "NaN" || v === "Infinity" || v === "-Infinity" ? v as TJsonFloat : null]; })),
    }];
  });
}

/** Keys whose value is not the same in every run (missing in some counts as different). */
export function differingHparams(runs: Pick<TCompareRun, "hparams">[]): string[] {
  const keys = new Set(runs.flatMap((r) => Object.keys(r.hparams)));
  const out: string[] = [];
  for (const k of keys) {
    const first = JSON.stringify(runs[0]?.hparams[k] ?? null);
    if (runs.some((r) => JSON.stringify(r.hparams[k] ?? null) !== first)) out.push(k);
  }
  return out.sort();
}
