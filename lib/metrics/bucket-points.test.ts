import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bucketPoints } from "./bucket-points";

describe("bucketPoints", () => {
  it("returns small series unchanged, non-finite as markers", () => {
    const r = bucketPoints([1, 2, 3], [0.5, NaN, 0.4], { buckets: 10 });
    assert.equal(r.reduced, false);
    assert.deepEqual([...r.x], [1, 3]);
    assert.deepEqual(r.markers.length, 1);
    assert.ok(Number.isNaN(r.markers[0]!.y));
  });

  it("keeps single-point spikes and every kind of non-finite value in 1,000,000 points, fast", () => {
    const n = 1_000_000;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) { xs[i] = i + 1; ys[i] = 2 + 0.01 * Math.sin(i); }
    ys[123_457] = 50; // spike up
    ys[654_321] = -7; // spike down
    ys[800_000] = NaN;
    ys[900_001] = Infinity;
    ys[900_002] = -Infinity;
    const t0 = performance.now();
    const r = bucketPoints(xs, ys, { buckets: 500 });
    const ms = performance.now() - t0;
    assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
    assert.ok(r.reduced);
    assert.ok(r.x.length <= 2000);
    assert.ok([...r.y].includes(50));
    assert.ok([...r.y].includes(-7));
    assert.equal(r.markers.length, 3);
    assert.deepEqual(r.markers.map((m) => m.x), [800_001, 900_002, 900_003]);
    for (let i = 1; i < r.x.length; i++) assert.ok(r.x[i]! > r.x[i - 1]!, "x order");
  });

  it("keeps one marker per bucket and kind when a run is NaN everywhere", () => {
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = new Float64Array(n).fill(NaN);
    const r = bucketPoints(xs, ys, { buckets: 100 });
    assert.equal(r.x.length, 0);
    assert.equal(r.markers.length, 100);
  });

  it("zooms into an x range", () => {
    const xs = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const ys = Float64Array.from({ length: 10_000 }, (_, i) => i % 7);
    const r = bucketPoints(xs, ys, { buckets: 10, xMin: 1000, xMax: 1999 });
    assert.ok(r.x[0]! >= 1000 && r.x[r.x.length - 1]! <= 1999);
    const fine = bucketPoints(xs, ys, { buckets: 100, xMin: 1000, xMax: 1039 });
    assert.equal(fine.reduced, false);
    assert.equal(fine.x.length, 40);
  });
});
