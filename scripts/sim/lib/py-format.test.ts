import assert from "node:assert/strict";
import { test } from "node:test";
import { int, pyFloat, pyG, pyJson, pyTimedelta } from "./py-format.mjs";

test("pyFloat matches CPython repr", () => {
  assert.equal(pyFloat(2.9999999999999997e-5), "2.9999999999999997e-05");
  assert.equal(pyFloat(0.00010499999999999999), "0.00010499999999999999");
  assert.equal(pyFloat(1), "1.0");
  assert.equal(pyFloat(100), "100.0");
  assert.equal(pyFloat(421532585164800), "421532585164800.0");
  assert.equal(pyFloat(1e16), "1e+16");
  assert.equal(pyFloat(3.947368421052631e-7), "3.947368421052631e-07");
  assert.equal(pyFloat(NaN), "NaN");
  assert.equal(pyFloat(-Infinity), "-Infinity");
});

test("pyG is Python's {:.4g}", () => {
  assert.equal(pyG(5.616121673583985), "5.616");
  assert.equal(pyG(3e-5), "3e-05");
  assert.equal(pyG(1.0), "1");
  assert.equal(pyG(220900), "2.209e+05");
  assert.equal(pyG(2458.2), "2458");
  assert.equal(pyG(0.00625), "0.00625");
  assert.equal(pyG(NaN), "nan");
});

test("pyTimedelta is str(timedelta)", () => {
  assert.equal(pyTimedelta(83), "0:01:23");
  assert.equal(pyTimedelta(12 * 3600 + 5 * 60 + 9), "12:05:09");
  assert.equal(pyTimedelta(86400 + 2 * 3600 + 3 * 60 + 4), "1 day, 2:03:04");
  assert.equal(pyTimedelta(2 * 86400 + 1), "2 days, 0:00:01");
});

test("pyJson keeps key order, ints vs floats, bare NaN", () => {
  assert.equal(pyJson({ current_steps: int(25), eval_loss: NaN, epoch: 1, x: undefined }), '{"current_steps": 25, "eval_loss": NaN, "epoch": 1.0}');
  assert.equal(pyJson({ b: 1, a: [int(1)] }, { indent: 2, sortKeys: true }), '{\n  "a": [\n    1\n  ],\n  "b": 1.0\n}');
});
