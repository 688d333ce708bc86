import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtTick } from "./format-tick";

test("loss-scale ticks drop trailing zeros", () => {
  assert.deepEqual([1.8, 0.8, 0.6000000000000001, 0.05, 12.5, 0].map(fmtTick), ["1.8", "0.8", "0.6", "0.05", "12.5", "0"]);
});

test("tiny values (learning rates) use a short exponent", () => {
  assert.deepEqual([5e-5, 2.5e-5, 1.25e-5, -3e-4].map(fmtTick), ["5e-5", "2.5e-5", "1.25e-5", "-3e-4"]);
});

test("large values (tokens/s) use k and M", () => {
  assert.deepEqual([28640, 30200, 1.5e6, 9999].map(fmtTick), ["28.6k", "30.2k", "1.5M", "9999"]);
});

test("non-finite values are spelled out", () => {
  assert.deepEqual([NaN, Infinity].map(fmtTick), ["NaN", "Infinity"]);
});
