import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtGpuTime, fmtKeptPct, fmtShare } from "./format";

test("GPU time picks a readable unit", () => {
  assert.equal(fmtGpuTime(null), "unknown");
  assert.equal(fmtGpuTime(0), "0 GPU-h");
  assert.equal(fmtGpuTime(250), "250 GPU-h");
  assert.equal(fmtGpuTime(3.25), "3.3 GPU-h");
  assert.equal(fmtGpuTime(0.5), "30.0 GPU-min");
  assert.equal(fmtGpuTime(20 / 3600), "20.0 GPU-s");
});

test("percentages", () => {
  assert.equal(fmtKeptPct(null), "–");
  assert.equal(fmtKeptPct(0), "0.0%");
  assert.equal(fmtKeptPct(3.36), "3.4%");
  assert.equal(fmtShare(1, 4), "25%");
  assert.equal(fmtShare(1, 0), "–");
});
