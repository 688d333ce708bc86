// `npm run bench -- runs-table`: the runs table at 10,000 runs (each with 50 train + 5 eval points, so
// metric summaries read real metric_blocks): first page, a deep page, search, sorts by a
// hyperparameter and by a metric summary, many columns, and the full CSV export. Rows are seeded in
// SQL (not through the launch path, which would take minutes) and removed with the bench host.
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { listRuns } from "@/lib/dashboard/list-runs";
import { parseTableState } from "@/lib/runs-table/table-state";
import { exportTable } from "@/lib/runs-table/export-table";
import { backfillHparams } from "@/lib/runs-table/backfill-hparams";
import { loadCompareRuns } from "@/lib/compare/load-compare-runs";
import { getCompareSeries } from "@/lib/metrics/store/get-compare-series";
import { median, ms, print, vsTarget } from "./report";

const RUNS = 10_000;
const PAGE_TARGET_MS = 150;

export async function benchRunsTable(hostId: string): Promise<void> {
  const db = metricsPool();
  const t0 = performance.now();
  await db.query(
    `INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", tags, "lastLoss", "lastEvalLoss", "lastStep", "totalSteps",
                       verdict, "createdAt", "startedAt", "finishedAt", "updatedAt")
     SELECT 'bench-rt-' || i, 'sweep-' || (i % 97) || '-run-' || i, (CASE WHEN i % 10 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END)::"RunStatus", $1, ARRAY[i % 8],
            'learning_rate: ' || (ARRAY['1.0e-5','5.0e-5','1.0e-4','3.0e-4'])[1 + i % 4] || E'\\nlora_rank: ' || (4 << (i % 4)) ||
            E'\\nper_device_train_batch_size: ' || (1 + i % 8) || E'\\nnum_train_epochs: 3.0\\nfinetuning_type: lora\\ntemplate: qwen\\n',
            '/nonexistent', CASE WHEN i % 50 = 0 THEN ARRAY['baseline'] ELSE ARRAY[]::text[] END,
            CASE WHEN i % 100 = 0 THEN 'NaN'::float8 ELSE 0.5 + (i % 1000) / 1000.0 END, 0.6 + (i % 777) / 1000.0, 50, 50,
            (ARRAY['converged','learning','overfitting','diverged'])[1 + i % 4],
            now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval + interval '1 hour', now()
       FROM generate_series(1, $2) i`,
    [hostId, RUNS],
  );
  await db.query(
    `INSERT INTO metric_points ("runId", "offset", kind, segment, step, "totalSteps", epoch, loss, "evalLoss", lr, "gradNorm", throughput)
     SELECT 'bench-rt-' || i, s * 230, (CASE WHEN s % 10 = 0 THEN 'EVAL' ELSE 'TRAIN' END)::"MetricKind", 0, s, 55, s / 55.0,
            CASE WHEN s % 10 = 0 THEN NULL WHEN i % 100 = 0 AND s > 40 THEN 'NaN'::float8 ELSE 2.5 * exp(-s / 20.0) + (i % 13) / 20.0 END,
            CASE WHEN s % 10 = 0 THEN 2.6 * exp(-s / 20.0) + (i % 7) / 20.0 END,
            CASE WHEN s % 10 = 0 THEN NULL ELSE 1e-4 END, CASE WHEN s % 10 = 0 THEN NULL ELSE 0.5 + (s % 5) / 10.0 END,
            CASE WHEN s % 10 = 0 THEN NULL ELSE 3000 + i % 100 END
       FROM generate_series(1, $1) i, generate_series(1, 55) s`,
    [RUNS],
  );
  await db.query(`ANALYZE runs, metric_points, metric_blocks`);
  print("runs-table: seed 10,000 runs + 550k points (SQL)", `${ms(t0).toFixed(0)} ms`);
  const tb = performance.now();
  const derived = await backfillHparams(RUNS * 2);
  print("runs-table: derive hyperparameters from YAML (once)", `${derived.toLocaleString()} runs in ${ms(tb).toFixed(0)} ms`);

  const cases: [string, Record<string, string>][] = [
    ["first page, newest first (50 rows)", {}],
    ["page 150 of 200 (offset 7,450)", { page: "150" }],
    ["search 'run-42' (name/preset/host/tag)", { q: "run-42" }],
    ["filter status + tag", { status: "FAILED", tag: "baseline" }],
    ["sort by hp:learning_rate", { sort: "hp:learning_rate" }],
    ["sort by last loss (NaN included)", { sort: "loss" }],
    ["sort by m:eval_loss:best (all runs' blocks)", { sort: "m:eval_loss:best" }],
    ["8 extra columns (hp, min/max/best/last)", { cols: "host,preset,progress,loss,trend,eval_loss,verdict,duration,hp:learning_rate,hp:lora_rank,hp:per_device_train_batch_size,m:loss:min,m:loss:max,m:eval_loss:best,m:grad_norm:last,m:throughput:best" }],
    ["200 rows per page + 8 extra columns", { per: "200", cols: "loss,trend,hp:learning_rate,hp:lora_rank,m:loss:min,m:loss:max,m:eval_loss:best,m:grad_norm:last,m:throughput:best" }],
  ];
  for (const [label, q] of cases) {
    const state = parseTableState({ host: hostId, ...q });
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const r = await listRuns(state);
      times.push(ms(t));
      total = r.total;
    }
    print(`runs-table: ${label}`, `${vsTarget(median(times), { atMost: PAGE_TARGET_MS }, " ms")}; ${total.toLocaleString()} match`);
  }
  // Compare: the summary + parallel-coordinates data of 1,000 runs, and a 50-run overlay's curves.
  const ids = (await db.query<{ id: string }>(`SELECT id FROM runs WHERE "hostId" = $1 ORDER BY "createdAt" DESC LIMIT 1000`, [hostId])).rows.map((r) => r.id);
  const cmp: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await loadCompareRuns(ids, ["hp:learning_rate", "hp:lora_rank", "hp:per_device_train_batch_size", "m:eval_loss:best", "m:loss:min", "loss"]);
    cmp.push(ms(t));
  }
  print("compare: 1,000 runs' table + parallel-coordinates data", vsTarget(median(cmp), { atMost: 500 }, " ms"));
  const ov: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await getCompareSeries(db, { runIds: ids.slice(0, 50), xAxis: "step", maxPoints: 400 });
    ov.push(ms(t));
  }
  print("compare: 50-run overlay curves (5 series each)", vsTarget(median(ov), { atMost: 500 }, " ms"));
  const te = performance.now();
  let bytes = 0;
  for await (const chunk of exportTable(parseTableState({ host: hostId, cols: "hp:learning_rate,m:loss:min" }), "csv")) bytes += chunk.length;
  print("runs-table: CSV export of all 10,000 runs (+2 columns)", `${ms(te).toFixed(0)} ms, ${(bytes / 1e6).toFixed(1)} MB`);
}
