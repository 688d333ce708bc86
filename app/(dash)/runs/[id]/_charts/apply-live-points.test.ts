import { test } from "node:test";
import assert from "node:assert/strict";
import { applyLivePoints } from "./apply-live-points";
import type { TLivePoint, TRunSeries } from "@/lib/metrics/store/series-types";

const empty = (): TRunSeries => ({
  runId: "r", xAxis: "step", range: null, bucketed: false, pointCount: 0, lastOffset: -1, segments: 1,
  series: { loss: { points: [], means: null, nonFinite: [] }, evalLoss: { points: [], means: null, nonFinite: [] },
    lr: { points: [], means: null, nonFinite: [] }, gradNorm: { points: [], means: null, nonFinite: [] }, throughput: { points: [], means: null, nonFinite: [] } },
});
const pt = (offset: number, step: number, kind: TLivePoint["kind"], loss: TLivePoint["loss"], evalLoss: TLivePoint["evalLoss"] = null): TLivePoint => ({
  offset, kind, segment: 0, step, x: { step, epoch: step / 100, wall: step * 2 }, loss, evalLoss, lr: kind === "TRAIN" ? 1e-4 : null, gradNorm: null, throughput: null,
});

test("train, eval and NaN points land in their series; the original is untouched", () => {
  const d = empty();
  const out = applyLivePoints(d, [pt(0, 5, "TRAIN", 2.5), pt(100, 10, "TRAIN", "NaN"), pt(200, 10, "EVAL", null, 2.7)], "step", null);
  assert.deepEqual(out.series.loss.points, [{ x: 5, y: 2.5 }]);
  assert.deepEqual(out.series.loss.nonFinite, [{ x: 10, step: 10, value: "NaN", count: 1 }]);
  assert.deepEqual(out.series.evalLoss.points, [{ x: 10, y: 2.7 }]);
  assert.equal(out.series.lr.points.length, 2);
  assert.equal(out.lastOffset, 200);
  assert.deepEqual(out.range, { x0: 5, x1: 10 });
  assert.equal(d.series.loss.points.length, 0);
});

test("points past a zoom window only advance the offset; wall axis uses wall x", () => {
  const out = applyLivePoints(empty(), [pt(0, 5, "TRAIN", 1), pt(50, 500, "TRAIN", 1)], "wall", 100);
  assert.deepEqual(out.series.loss.points, [{ x: 10, y: 1 }]);
  assert.equal(out.lastOffset, 50);
});
