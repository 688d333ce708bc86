import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtGpuTime, fmtKeptPct, fmtShare } from "./format";

test("GPU time is always in GPU-hours, with more decimals for short runs", () => {
  assert.equal(fmtGpuTime(null), "unknown");
  assert.equal(fmtGpuTime(0), "0 GPU-h");
  assert.equal(fmtGpuTime(250), "250 GPU-h");
  assert.equal(fmtGpuTime(3.25), "3.3 GPU-h");
  assert.equal(fmtGpuTime(0.5), "0.50 GPU-h");
  assert.equal(fmtGpuTime(20 / 3600), "0.0056 GPU-h");
  assert.equal(fmtGpuTime(1e-7), "1e-7 GPU-h");
});

test("percentages", () => {
  assert.equal(fmtKeptPct(null), "–");
  assert.equal(fmtKeptPct(0), "0.0%");
  assert.equal(fmtKeptPct(3.36), "3.4%");
  assert.equal(fmtShare(1, 4), "25%");
  assert.equal(fmtShare(1, 0), "–");
});
