// Client smoothing for charts. Raw series: TensorBoard's debiased EMA (lib/metrics/ema). Bucketed
// series: each bucket mean enters as if its n points had all had that value (weight w^n), which keeps
// the smoothed line of a 1M-point run close to what smoothing every raw point would draw.
import { emaSeries } from "@/lib/metrics/ema";
import type { TBucketMean, TXY } from "@/lib/metrics/store/series-types";

export function smoothRaw(points: readonly TXY[], weight: number): TXY[] {
  if (weight <= 0) return points.map((p) => ({ ...p }));
  const ys = emaSeries(points.map((p) => p.y), weight);
  return points.map((p, i) => ({ x: p.x, y: ys[i]! }));
}

export function smoothBuckets(means: readonly TBucketMean[], weight: number): TXY[] {
  if (weight <= 0) return means.map((m) => ({ x: m.x, y: m.y }));
  let last = 0;
  let wn = 1;
  const out: TXY[] = [];
  for (const m of means) {
    const wk = Math.pow(weight, m.n);
    last = last * wk + (1 - wk) * m.y;
    wn *= wk;
    out.push({ x: m.x, y: wn < 1 ? last / (1 - wn) : m.y });
  }
  return out;
}
