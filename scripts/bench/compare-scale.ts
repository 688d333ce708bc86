// `npm run bench -- compare-scale`: the compare page's server work at scale. 1,000 runs (a 4x4x8
// learning-rate / rank / batch grid with seeds; every 10th has a finished checkpoint evaluation with
// BLEU/ROUGE): the summary table and parallel-coordinates data exactly as app/(dash)/compare/page.tsx
// builds them (probe, differing keys, evaluation score keys, axis values, axis scales, a brush, a
// grouping), and a 50-run overlay's curves with the group bands the client draws. Seeded in SQL.
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { compareEvalKeys, differingHparams, loadCompareRuns } from "@/lib/compare/load-compare-runs";
import { getCompareSeries } from "@/lib/metrics/store/get-compare-series";
import { buildScale, passesBrushes } from "@/lib/compare/pc-scale";
import { aggregateGroup, groupRuns } from "@/lib/compare/group-series";
import { backfillHparams } from "@/lib/runs-table/backfill-hparams";
import { median, ms, print, vsTarget } from "./report";

const RUNS = 1000;
const PAGE_TARGET_MS = 500;

async function seed(hostId: string): Promise<string[]> {
  const db = metricsPool();
  await db.query(
    `INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", tags, "lastLoss", "lastEvalLoss", "bestEvalLoss", "lastStep", "totalSteps",
                       "createdAt", "startedAt", "finishedAt", "updatedAt")
     SELECT 'bench-cs-' || i, 'grid-' || i, 'SUCCEEDED', $1, ARRAY[i % 8],
            'learning_rate: ' || (ARRAY['1.0e-5','5.0e-5','1.0e-4','3.0e-4'])[1 + i % 4] || E'\\nlora_rank: ' || (4 << ((i / 4) % 4)) ||
            E'\\nper_device_train_batch_size: ' || (1 + (i / 16) % 8) || E'\\nseed: ' || i || E'\\ndo_train: true\\nstage: sft\\n',
            '/nonexistent', CASE WHEN i % 3 = 0 THEN ARRAY['a'] ELSE ARRAY['b'] END,
            CASE WHEN i % 97 = 0 THEN 'NaN'::float8 ELSE 0.4 + (i % 100) / 200.0 END, 0.5 + (i % 77) / 150.0, 0.45 + (i % 77) / 160.0, 200, 200,
            now() - (i || ' seconds')::interval, now() - interval '2 hours', now() - interval '1 hour', now()
       FROM generate_series(1, $2) i`, [hostId, RUNS]);
  // 100 train + 10 eval points per run (200 steps), enough for the overlay to bucket.
  await db.query(
    `INSERT INTO metric_points ("runId", "offset", kind, segment, step, "totalSteps", epoch, loss, "evalLoss", lr, "gradNorm", "elapsedS")
     SELECT 'bench-cs-' || i, s * 200, (CASE WHEN s % 20 = 0 THEN 'EVAL' ELSE 'TRAIN' END)::"MetricKind", 0, s, 200, s / 66.0,
            CASE WHEN s % 20 = 0 THEN NULL ELSE 2.0 * exp(-s / 40.0) + (i % 100) / 200.0 END, CASE WHEN s % 20 = 0 THEN 2.1 * exp(-s / 40.0) + (i % 77) / 150.0 END,
            CASE WHEN s % 20 = 0 THEN NULL ELSE 1e-4 END, CASE WHEN s % 20 = 0 THEN NULL ELSE 0.8 END, s * 2
       FROM generate_series(1, $1) i, generate_series(2, 200, 2) s`, [RUNS]);
  // Every 10th run: a finished predict run of its checkpoint (the ev: columns read these).
  await db.query(
    `INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", "evaluatesRunId", "evalCheckpoint", "evalDataset", evaluation, "finishedAt", "updatedAt")
     SELECT 'bench-cs-ev-' || i, 'grid-' || i || ' eval', 'SUCCEEDED', $1, ARRAY[0], E'do_predict: true\\n', '/nonexistent', 'bench-cs-' || i, 'checkpoint-200', 'alpaca_en_demo',
            jsonb_build_object('evalResults', null, 'predictions', null, 'errors', '[]'::jsonb, 'readAt', now()::text,
              'predictResults', jsonb_build_object('predict_bleu-4', 20 + i % 30, 'predict_rouge-1', 30 + i % 40, 'predict_rouge-2', 10 + i % 20, 'predict_rouge-l', 25 + i % 35, 'predict_runtime', 12.5)),
            now(), now()
       FROM generate_series(10, $2, 10) i`, [hostId, RUNS]);
  await db.query(`ANALYZE runs, metric_points, metric_blocks`);
  await backfillHparams(RUNS * 2);
  return (await db.query<{ id: string }>(`SELECT id FROM runs WHERE "hostId" = $1 AND "evaluatesRunId" IS NULL ORDER BY "createdAt" DESC`, [hostId])).rows.map((r) => r.id);
}

/** What compare/page.tsx computes on the server, plus the client's scales, brush and grouping. */
async function comparePageData(ids: string[]) {
  const [probe, evalKeys] = await Promise.all([loadCompareRuns(ids, []), compareEvalKeys(ids)]);
  const differing = differingHparams(probe);
  const axes = [...differing.filter((k) => probe.some((r) => typeof r.hparams[k] === "number")).slice(0, 4).map((k) => `hp:${k}`), "m:eval_loss:best", "loss",
    ...evalKeys.slice(0, 1).map((k) => `ev:${k}`)];
  const runs = await loadCompareRuns(ids, axes, evalKeys);
  const scales = Object.fromEntries(axes.map((a) => [a, buildScale(runs.map((r) => r.axes[a] ?? null), a === "hp:learning_rate")]));
  const brush = [{ axis: "hp:learning_rate", lo: 5e-5, hi: 3e-4 }];
  const passing = runs.filter((r) => passesBrushes(r.axes, scales, brush)).length;
  const groups = groupRuns(runs, "hp:learning_rate");
  return { runs: runs.length, axes: axes.length, evalKeys: evalKeys.length, passing, groups: groups.length };
}

export async function benchCompareScale(hostId: string): Promise<void> {
  const t0 = performance.now();
  const ids = await seed(hostId);
  print(`compare-scale: seed ${RUNS} runs + 100k points + ${RUNS / 10} evaluations`, `${ms(t0).toFixed(0)} ms`);
  let shape = await comparePageData(ids);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    shape = await comparePageData(ids);
    times.push(ms(t));
  }
  print(`compare-scale: ${RUNS}-run table + parallel coordinates (${shape.axes} axes)`, `${vsTarget(median(times), { atMost: PAGE_TARGET_MS }, " ms")}; ${shape.passing} pass the brush, ${shape.groups} groups, ${shape.evalKeys} eval keys`);
  const fifty = ids.slice(0, 50);
  const ov: number[] = [];
  let pts = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const s = await getCompareSeries(metricsPool(), { runIds: fifty, xAxis: "step", maxPoints: 400 });
    // The grouped view's bands (client side, from the same data): mean + min/max per learning rate.
    const runs = await loadCompareRuns(fifty, []);
    for (const g of groupRuns(runs, "hp:learning_rate")) aggregateGroup(s.runs.filter((r) => g.runIds.includes(r.runId)).map((r) => r.series.loss.points));
    pts = s.runs.reduce((a, r) => a + r.series.loss.points.length, 0);
    ov.push(ms(t));
  }
  print("compare-scale: 50-run overlay (curves + group bands)", `${vsTarget(median(ov), { atMost: PAGE_TARGET_MS }, " ms")}; ${pts.toLocaleString()} loss points drawn`);
}
