import { prisma } from "@/lib/db";
import { closeMetricsPool, inTransaction, metricsPool } from "@/lib/metrics/store/pg-pool";
import { insertMetricPoints } from "@/lib/metrics/store/insert-points";
import { createSyntheticHost, createSyntheticRun, deleteSyntheticHost, syntheticPoints } from "@/lib/metrics/store/testing/synthetic-run";
const host = await createSyntheticHost("perf");
const run = await createSyntheticRun(host);
const pts = syntheticPoints(100_000, { evalEvery: 100 });
const t = performance.now();
for (let i = 0; i < pts.length; i += 20_000) {
  const t1 = performance.now();
  await inTransaction((c) => insertMetricPoints(c, run, pts.slice(i, i + 20_000)));
  console.log("batch", (performance.now() - t1).toFixed(0));
}
const ins = performance.now() - t;
console.log("insert", pts.length, "rows", ins.toFixed(0), "ms", (pts.length / ins * 1000).toFixed(0), "rows/s");
const r = await metricsPool().query(`EXPLAIN ANALYZE SELECT count(*) FROM metric_points WHERE "runId"=$1`, ["cmwt0sf5000012n7dhciorh1k"]);
console.log(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
await deleteSyntheticHost(host);
await closeMetricsPool(); await prisma.$disconnect();
