import { closeMetricsPool, metricsPool } from "@/lib/metrics/store/pg-pool";
import { getRunSeries } from "@/lib/metrics/store/get-run-series";
for (const axis of ["step", "epoch", "wall", "step"] as const) {
  const t = performance.now();
  const s = await getRunSeries(metricsPool(), { runId: "cmwt0sf5000012n7dhciorh1k", xAxis: axis });
  console.log(axis, (performance.now() - t).toFixed(0), "ms", s.series.loss.points.length, s.bucketed);
}
await closeMetricsPool();
