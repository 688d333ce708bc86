// A small chart's worth of points from a run's history. After a resume LLaMA-Factory logs the steps
// since the checkpoint again; the resumed values replace the old ones (as the engine does), so the
// chart shows one curve, not a zigzag.
import { bucketPoints } from "@/lib/metrics/bucket-points";
import type { TEnginePoint } from "@/lib/rules/types";
import type { TChartSeries } from "./types";

type TCurve = { xs: number[]; ys: number[] };

function push(c: TCurve, step: number, v: number): void {
  // A step at or below the last one starts a replay: drop what the old segment logged from there.
  if (c.xs.length && step <= c.xs[c.xs.length - 1]!) {
    let n = c.xs.length;
    while (n > 0 && c.xs[n - 1]! >= step) n--;
    c.xs.length = n;
    c.ys.length = n;
  }
  c.xs.push(step);
  c.ys.push(v);
}

const MAX_MARKERS = 200;

export function chartSeries(points: readonly TEnginePoint[], buckets = 300): TChartSeries {
  const train: TCurve = { xs: [], ys: [] };
  const evals: TCurve = { xs: [], ys: [] };
  for (const p of points) {
    if (p.kind === "TRAIN" && p.loss !== null) push(train, p.step, p.loss);
    else if (p.kind === "EVAL" && p.evalLoss !== null) push(evals, p.step, p.evalLoss);
  }
  const t = bucketPoints(train.xs, train.ys, { buckets });
  const e = bucketPoints(evals.xs, evals.ys, { buckets });
  const toXY = (b: ReturnType<typeof bucketPoints>) => Array.from(b.x, (x, i) => ({ x, y: b.y[i]! }));
  const bad = [...new Set([...t.markers, ...e.markers].map((m) => m.x))].sort((a, b) => a - b);
  return { train: toXY(t), eval: toXY(e), nonFiniteSteps: bad.slice(0, MAX_MARKERS) };
}
