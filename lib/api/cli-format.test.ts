import { test } from "node:test";
import assert from "node:assert/strict";
import { diffConfigs, formatDuration, formatFloat, progressLine, table } from "@/lib/api/cli-format";

test("progress line: bar, percent, steps, ETA and live loss; non-finite loss shown as is", () => {
  const l = progressLine({ status: "RUNNING", step: 50, total: 200, etaS: 125, loss: 1.23456, evalLoss: "NaN", epoch: 0.5 }, 20);
  assert.equal(l, "RUNNING    [#####---------------]   25%  50/200  ep 0.50  ETA 2m05s  loss 1.2346  eval NaN");
  assert.match(progressLine({ status: "QUEUED", step: null, total: null, etaS: null, loss: null, evalLoss: null, epoch: null }, 4), /\[----\]\s+0%\s+0\/\?\s+ETA —\s+loss —$/);
});

test("durations, floats, tables", () => {
  assert.equal(formatDuration(3725), "1h02m");
  assert.equal(formatDuration(59), "59s");
  assert.equal(formatFloat(5e-5), "5.000e-5");
  assert.equal(table(["a", "bb"], [["xyz", "1"]]), "a    bb\n---  --\nxyz  1\n");
});

test("config diff keeps only differing keys unless asked for all", () => {
  const d = diffConfigs([{ lr: 1e-4, ep: 3, a: 1 }, { lr: 5e-5, ep: 3 }]);
  assert.deepEqual(d, [{ key: "lr", values: ["0.0001", "0.00005"] }, { key: "a", values: ["1", "(unset)"] }]);
  assert.equal(diffConfigs([{ x: 1 }, { x: 1 }], true).length, 1);
});
