import { test } from "node:test";
import assert from "node:assert/strict";
import { buildSegmentLayout } from "./segment-layout";

test("one segment: everything visible, no wall offset", () => {
  const l = buildSegmentLayout([{ segment: 0, minStep: 5, maxStep: 500, lastElapsedS: 120 }]);
  assert.deepEqual(l, { cutoff: [Infinity], wallOffset: [0], segments: 1 });
});

test("a resume hides the replayed steps of the earlier segment and continues the wall clock", () => {
  const l = buildSegmentLayout([
    { segment: 0, minStep: 10, maxStep: 730, lastElapsedS: 3000 },
    { segment: 1, minStep: 510, maxStep: 900, lastElapsedS: 400 },
    { segment: 2, minStep: 810, maxStep: 1000, lastElapsedS: 50 },
  ]);
  assert.deepEqual(l.cutoff, [510, 810, Infinity]);
  assert.deepEqual(l.wallOffset, [0, 3000, 3400]);
});

test("a later segment that restarts below an earlier one hides all of it", () => {
  const l = buildSegmentLayout([
    { segment: 0, minStep: 10, maxStep: 100, lastElapsedS: 10 },
    { segment: 1, minStep: 300, maxStep: 400, lastElapsedS: 10 },
    { segment: 2, minStep: 5, maxStep: 50, lastElapsedS: 10 },
  ]);
  assert.deepEqual(l.cutoff, [5, 5, Infinity]);
});

test("no points: no segments", () => {
  assert.deepEqual(buildSegmentLayout([]), { cutoff: [], wallOffset: [], segments: 0 });
});
