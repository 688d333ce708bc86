import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RULE_ORDER } from "./config";
import { liveVerdict } from "./live-verdict";
import type { TEnginePoint } from "./types";

const train = (step: number, loss: number, total = 400): TEnginePoint => ({ kind: "TRAIN", step, totalSteps: total, loss, evalLoss: null, lr: 1e-4 });
const evalAt = (step: number, v: number, total = 400): TEnginePoint => ({ kind: "EVAL", step, totalSteps: total, loss: null, evalLoss: v });

describe("liveVerdict", () => {
  it("lists every rule in engine order with a readable line, and the verdict so far", () => {
    const pts: TEnginePoint[] = [];
    for (let s = 10; s <= 100; s += 10) pts.push(train(s, 2 - s / 200));
    const v = liveVerdict(pts);
    assert.deepEqual(v.rules.map((r) => r.rule), [...RULE_ORDER]);
    assert.equal(v.verdict, "learning");
    assert.equal(v.judgeable, true);
    assert.equal(v.lastStep, 100);
    assert.equal(v.totalSteps, 400);
    for (const r of v.rules) assert.ok(r.text.startsWith(`${r.label}: `), r.text);
    assert.match(v.rules.find((r) => r.rule === "patience")!.text, /no eval loss/);
  });

  it("counts evaluations since the best toward the overfitting and patience rules", () => {
    const pts: TEnginePoint[] = [];
    const evals = [2.0, 1.8, 1.7, 1.75];
    for (let s = 10; s <= 200; s += 10) {
      pts.push(train(s, 2.2 - s / 200));
      if (s % 50 === 0) pts.push(evalAt(s, evals[s / 50 - 1]!));
    }
    const v = liveVerdict(pts);
    const o = v.rules.find((r) => r.rule === "overfitting")!;
    assert.equal(o.status, "counting");
    assert.deepEqual([o.count, o.needed, o.unit], [1, 3, "evaluations"]);
    assert.match(o.text, /^overfitting: 1 of 3 evaluations since the best eval \(step 150\)/);
    const p = v.rules.find((r) => r.rule === "patience")!;
    assert.equal(p.text, "eval patience: 1 of 3 evaluations without improvement");
    assert.equal(v.bestStep, 150);
  });

  it("shows a fired rule with its step, and a plateau as steps flat out of the window", () => {
    const pts: TEnginePoint[] = [];
    for (let s = 10; s <= 400; s += 10) pts.push(train(s, s <= 100 ? 3 - s / 100 : 2 + 0.001 * Math.sin(s)));
    const v = liveVerdict(pts);
    const pl = v.rules.find((r) => r.rule === "plateau")!;
    assert.equal(pl.status, "fired");
    assert.match(pl.text, /^plateau: fired at step \d+ \(alert\)$/);
    const mid = liveVerdict(pts.slice(0, 16));
    const pm = mid.rules.find((r) => r.rule === "plateau")!;
    assert.equal(pm.unit, "steps");
    assert.ok(pm.count! > 0 && pm.count! <= pm.needed!, pm.text);
    assert.match(pm.text, /^plateau: \d+ of \d+ steps flat/);
  });

  it("a log without any loss is not judgeable", () => {
    const v = liveVerdict([{ kind: "SUMMARY", step: 768, totalSteps: 768, loss: null, evalLoss: null }]);
    assert.equal(v.verdict, "not-judgeable");
    assert.equal(v.judgeable, false);
    assert.equal(v.bestStep, null);
  });
});
