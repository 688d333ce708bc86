import { test } from "node:test";
import assert from "node:assert/strict";
import { pairGradNorms } from "./pair-grad-norms";

const P = (offset: number, loss: number, epoch = offset / 100) => ({ offset, loss, epoch });
const R = (loss: number, gradNorm: number, epoch: number) => ({ loss, epoch, gradNorm });

test("pairs in order on the console's 4-significant-digit precision", () => {
  const r = pairGradNorms([P(0, 5.61604), P(100, 4.46521)], [R(5.616, 12.1, 0), R(4.465, 4.132, 1)]);
  assert.deepEqual(r.pairs, [{ offset: 0, gradNorm: 12.1 }, { offset: 100, gradNorm: 4.132 }]);
  assert.equal(r.points.length, 0);
  assert.equal(r.records.length, 0);
});

test("a point whose dict has not been printed yet waits; the next poll pairs it", () => {
  const first = pairGradNorms([P(0, 3.0), P(100, 2.9)], [R(3.0, 1.5, 0)]);
  assert.deepEqual(first.pairs, [{ offset: 0, gradNorm: 1.5 }]);
  assert.deepEqual(first.points, [P(100, 2.9)]);
  const second = pairGradNorms(first.points, [...first.records, R(2.9, 1.2, 1)]);
  assert.deepEqual(second.pairs, [{ offset: 100, gradNorm: 1.2 }]);
});

test("a point with no dict among 8 later records is skipped without shifting the rest", () => {
  const recs = Array.from({ length: 9 }, (_, i) => R(2 - i * 0.1, i, (i + 1)));
  const pts = [P(0, 7.77, 0), ...recs.map((r, i) => P((i + 1) * 100, r.loss!, r.epoch!))];
  const r = pairGradNorms(pts, recs);
  assert.equal(r.pairs.length, 9);
  assert.deepEqual(r.pairs[0], { offset: 100, gradNorm: 0 });
});

test("NaN losses pair with NaN dict values", () => {
  const r = pairGradNorms([P(0, NaN, 0)], [R(NaN, NaN, 0)]);
  assert.equal(r.pairs.length, 1);
  assert.ok(Number.isNaN(r.pairs[0]!.gradNorm));
});
