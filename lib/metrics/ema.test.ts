import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createEma, emaSeries, emaWeightForWindow } from "./ema";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe("debiased EMA", () => {
  it("matches TensorBoard's formula", () => {
    const w = 0.6;
    const ys = [3, 1, 4, 1, 5];
    let last = 0;
    const want = ys.map((y, i) => { last = last * w + (1 - w) * y; return last / (1 - w ** (i + 1)); });
    const got = emaSeries(ys, w);
    want.forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-12));
    assert.equal(got[0], 3); // debiased: the first point is itself, not pulled towards 0
  });

  it("is prefix-stable: past smoothed points never change as points arrive", () => {
    const r = rng(7);
    const ys = Array.from({ length: 500 }, (_, i) => (i % 97 === 0 ? NaN : 2 + Math.sin(i / 10) + r()));
    const full = emaSeries(ys, 0.9);
    for (const n of [1, 2, 10, 97, 98, 250, 499]) {
      const prefix = emaSeries(ys.slice(0, n), 0.9);
      for (let i = 0; i < n; i++) assert.ok(Object.is(prefix[i], full[i]), `point ${i} with ${n} points`);
    }
  });

  it("skips non-finite values but keeps their positions", () => {
    const got = emaSeries([1, NaN, 3, Infinity, -Infinity, 5], 0.5);
    assert.ok(Number.isNaN(got[1]));
    assert.equal(got[3], Infinity);
    assert.equal(got[4], -Infinity);
    // Same as smoothing [1, 3, 5] alone.
    const clean = emaSeries([1, 3, 5], 0.5);
    assert.equal(got[2], clean[1]);
    assert.equal(got[5], clean[2]);
  });

  it("returns a constant series unchanged and handles weight 0", () => {
    assert.deepEqual([...emaSeries([0.7, 0.7, 0.7], 0.99)], [0.7, 0.7, 0.7]);
    assert.deepEqual([...emaSeries([1, 2, 3], 0)], [1, 2, 3]);
    assert.throws(() => createEma(1));
    assert.throws(() => createEma(-0.1));
  });

  it("converts a window to a weight", () => {
    assert.equal(emaWeightForWindow(1), 0);
    assert.ok(Math.abs(emaWeightForWindow(9) - 0.8) < 1e-12);
  });
});
