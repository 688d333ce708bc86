import type pg from "pg";
import { getRunSeries } from "./get-run-series";
import type { TRunSeries, TXAxis } from "./series-types";

/**
 * Series of several runs for one shared view. Each run is bucketed on its own (≤ ~maxPoints per
 * series), queried side by side over the pool. Wall time is per run (relative to its own start).
 */
export async function getCompareSeries(db: pg.Pool, o: { runIds: string[]; xAxis: TXAxis; x0?: number; x1?: number; maxPoints?: number }):
  Promise<{ xAxis: TXAxis; runs: TRunSeries[] }> {
  const runs = await Promise.all(o.runIds.map((runId) => getRunSeries(db, {
    runId, xAxis: o.xAxis, maxPoints: o.maxPoints ?? 1500,
    ...(o.x0 !== undefined ? { x0: o.x0 } : {}), ...(o.x1 !== undefined ? { x1: o.x1 } : {}),
  })));
  return { xAxis: o.xAxis, runs };
}
