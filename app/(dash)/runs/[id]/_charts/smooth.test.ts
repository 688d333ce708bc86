import { test } from "node:test";
import assert from "node:assert/strict";
import { smoothBuckets, smoothRaw } from "./smooth";

test("bucket smoothing equals raw smoothing when every bucket holds its points' mean", () => {
  const raw = [3, 3, 2, 2, 1, 1].map((y, i) => ({ x: i, y }));
  const viaRaw = smoothRaw(raw, 0.6);
  const viaBuckets = smoothBuckets([{ x: 1, y: 3, n: 2 }, { x: 3, y: 2, n: 2 }, { x: 5, y: 1, n: 2 }], 0.6);
  assert.ok(Math.abs(viaBuckets[2]!.y - viaRaw[5]!.y) < 1e-12);
  assert.ok(Math.abs(viaBuckets[0]!.y - viaRaw[1]!.y) < 1e-12);
});

test("past smoothed points do not move when points are appended", () => {
  const a = smoothRaw([5, 4, 4.5].map((y, i) => ({ x: i, y })), 0.9);
  const b = smoothRaw([5, 4, 4.5, 1, 0.5].map((y, i) => ({ x: i, y })), 0.9);
  assert.deepEqual(b.slice(0, 3), a);
});

test("weight 0 is the raw series; the first smoothed point is the first value (debiased)", () => {
  assert.deepEqual(smoothRaw([{ x: 0, y: 2 }], 0), [{ x: 0, y: 2 }]);
  assert.ok(Math.abs(smoothRaw([{ x: 0, y: 2 }, { x: 1, y: 4 }], 0.5)[0]!.y - 2) < 1e-12);
});
