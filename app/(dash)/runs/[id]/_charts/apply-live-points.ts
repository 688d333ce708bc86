// Appends live points to the series a chart already shows, without touching what is drawn. Pure, so
// the live path is unit-tested; returns new objects for React.
import type { TLivePoint, TRunSeries, TSeriesName, TXAxis } from "@/lib/metrics/store/series-types";
import { fromJsonFloat } from "@/lib/metrics/store/float-text";

const TRAIN: TSeriesName[] = ["loss", "lr", "gradNorm", "throughput"];

export function applyLivePoints(data: TRunSeries, points: readonly TLivePoint[], axis: TXAxis, windowX1: number | null): TRunSeries {
  if (points.length === 0) return data;
  const series = Object.fromEntries(Object.entries(data.series).map(([k, s]) => [k, {
    points: [...s.points], means: s.means ? [...s.means] : null, nonFinite: [...s.nonFinite],
  }])) as TRunSeries["series"];
  let x0 = data.range?.x0 ?? Infinity;
  let x1 = data.range?.x1 ?? -Infinity;
  let lastOffset = data.lastOffset;
  for (const p of points) {
    lastOffset = Math.max(lastOffset, p.offset);
    const x = p.x[axis];
    if (x === null || (windowX1 !== null && x > windowX1)) continue;
    const names: TSeriesName[] = p.kind === "TRAIN" ? TRAIN : p.kind === "EVAL" ? ["evalLoss"] : [];
    let used = false;
    for (const name of names) {
      const raw = p[name];
      const v = fromJsonFloat(raw);
      if (v === null) continue;
      used = true;
      const s = series[name];
      if (Number.isFinite(v)) {
        s.points.push({ x, y: v });
        s.means?.push({ x, y: v, n: 1 });
      } else {
        s.nonFinite.push({ x, step: p.step, value: raw as "NaN" | "Infinity" | "-Infinity", count: 1 });
      }
    }
    if (used) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); }
  }
  return { ...data, series, lastOffset, range: Number.isFinite(x0) ? { x0, x1 } : data.range, pointCount: data.pointCount + points.length };
}
