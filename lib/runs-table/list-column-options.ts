// What the column picker offers: every config key and final-result key seen in recent runs, keys whose
// value differs between runs first (those are the ones people compare on).
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { isScoreKey } from "@/lib/evaluation/parse-results-json";

export type TKeyOption = { key: string; runs: number; distinct: number };

/** Recent runs only: the picker must open fast at 10,000 runs, and old keys rarely matter. */
const SAMPLE = 2000;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,79}$/; // what parseColumnId accepts

export async function listColumnOptions(): Promise<{ hparams: TKeyOption[]; results: TKeyOption[]; evals: TKeyOption[] }> {
  const db = metricsPool();
  const q = (doc: string) =>
    db.query<TKeyOption>(
      `WITH recent AS (SELECT ${doc} AS d FROM runs ORDER BY "createdAt" DESC LIMIT ${SAMPLE})
       SELECT e.key, count(*)::int AS runs, count(DISTINCT e.value)::int AS distinct
         FROM recent, jsonb_each(CASE WHEN jsonb_typeof(recent.d) = 'object' THEN recent.d ELSE '{}'::jsonb END) e
        GROUP BY e.key ORDER BY (count(DISTINCT e.value) > 1) DESC, e.key LIMIT 500`,
    );
  const [h, r, e] = await Promise.all([
    q(`hparams`),
    q(`COALESCE("finalMetrics"->'allResults', '{}'::jsonb) || COALESCE("finalMetrics"->'evalResults', '{}'::jsonb) || COALESCE("finalMetrics"->'predictResults', '{}'::jsonb)`),
    q(`(CASE WHEN jsonb_typeof(evaluation->'evalResults') = 'object' THEN evaluation->'evalResults' ELSE '{}'::jsonb END)
      || (CASE WHEN jsonb_typeof(evaluation->'predictResults') = 'object' THEN evaluation->'predictResults' ELSE '{}'::jsonb END)`),
  ]);
  const ok = (x: TKeyOption) => KEY.test(x.key);
  return { hparams: h.rows.filter(ok), results: r.rows.filter(ok), evals: e.rows.filter((x) => ok(x) && isScoreKey(x.key)) };
}
