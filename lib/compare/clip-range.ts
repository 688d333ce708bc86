// Outlier clipping for a chart's y axis (pure): one blown-up run must not flatten every other curve.
// The range covers the 2nd..98th percentile of all visible values, padded, and always includes the
// bulk of each run (so a run that sits apart but is not a spike stays in view).
import type { TXY } from "@/lib/metrics/store/series-types";

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

export function clipRange(series: TXY[][], o: { lowQ?: number; highQ?: number; pad?: number } = {}): { min: number; max: number } | null {
  const all: number[] = [];
  const medians: number[] = [];
  for (const s of series) {
    const ys = s.map((p) => p.y).filter(Number.isFinite).sort((a, b) => a - b);
    if (ys.length) medians.push(quantile(ys, 0.5));
    for (const y of ys) all.push(y);
  }
  if (all.length < 2) return null;
  all.sort((a, b) => a - b);
  let lo = Math.min(quantile(all, o.lowQ ?? 0.02), ...medians);
  let hi = Math.max(quantile(all, o.highQ ?? 0.98), ...medians);
  if (hi === lo) { hi += Math.abs(hi) * 0.05 || 1; lo -= Math.abs(lo) * 0.05 || 1; }
  const pad = (hi - lo) * (o.pad ?? 0.08);
  return { min: lo - pad, max: hi + pad };
}
