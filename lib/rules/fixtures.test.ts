// The six real GPU runs and what an expert concludes for each (fixtures/gpu-runs/README.md).
import path from "node:path";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { backtestPoints, type TBacktestResult } from "./backtest-points";

const DIR = path.join(import.meta.dirname, "../backtest/testdata/gpu-runs");

const load = (run: string) => parseTrainerLog(readFileSync(`${DIR}/${run}/trainer_log.jsonl`), 0, initialParserState()).points;

const CASES: { run: string; check: (r: TBacktestResult) => void }[] = [
  { run: "dev-healthy", check: (r) => {
    assert.equal(r.stopped, false, `healthy run stopped: ${r.reason}`);
    assert.ok(["underfitting", "learning", "converged"].includes(r.verdict), r.verdict);
    assert.equal(r.bestStep, 800);
  } },
  { run: "dev-overfit", check: (r) => {
    assert.ok(r.stopped && r.stopStep! >= 225 && r.stopStep! <= 300, `stop at ${r.stopStep}`);
    assert.equal(r.bestStep, 200);
    assert.equal(r.verdict, "overfitting");
    assert.equal(r.bestEvalLoss, r.trueMinEvalLoss);
  } },
  { run: "dev-diverge", check: (r) => {
    assert.ok(r.stopped && r.stopStep! <= 175 && r.stopStep! > 100, `stop at ${r.stopStep}`);
    assert.equal(r.bestStep, 100);
    assert.equal(r.verdict, "diverged");
  } },
  { run: "dev-nan", check: (r) => {
    assert.ok(r.stopped && r.stopStep! <= 25, `stop at ${r.stopStep}`);
    assert.equal(r.rule, "nonFinite");
    assert.equal(r.verdict, "diverged");
    assert.equal(r.bestEvalLoss, null);
  } },
  { run: "dev-stalled", check: (r) => {
    assert.equal(r.verdict, "stalled");
    assert.ok(r.stopped, "a stalled run should be stopped");
    assert.ok(r.advice.some((a) => /raise the learning rate/i.test(a)));
  } },
  { run: "dev-plateau", check: (r) => {
    assert.equal(r.verdict, "converged");
    assert.ok(!r.stopped || r.stopStep! >= 480, `stop at ${r.stopStep}`);
  } },
];

describe("default rules on the six real runs", () => {
  for (const c of CASES) {
    it(c.run, () => {
      const r = backtestPoints(load(c.run));
      c.check(r);
      assert.ok(r.reason.length > 20);
      assert.ok(r.advice.length > 0);
      assert.equal(r.stepsSaved, r.stopped ? r.totalSteps! - r.stopStep! : 0);
    });
  }

  it("gives the same answers with the eval lines' duplicates of a resume appended", () => {
    // Crash after step 150, resume from checkpoint-100: steps 105..150 are logged twice.
    const pts = load("dev-overfit");
    const resumed = [
      ...pts.filter((p) => p.step <= 150),
      ...pts.filter((p) => p.step > 100).map((p) => ({ ...p, segment: 1 })),
    ];
    const a = backtestPoints(pts);
    const b = backtestPoints(resumed);
    assert.deepEqual(
      { s: b.stopStep, best: b.bestStep, v: b.verdict, rule: b.rule },
      { s: a.stopStep, best: a.bestStep, v: a.verdict, rule: a.rule },
    );
  });

  it("does not stop healthy, plateau or stalled runs for divergence when their eval lines are removed", () => {
    for (const run of ["dev-healthy", "dev-plateau", "dev-overfit"]) {
      const r = backtestPoints(load(run).filter((p) => p.kind !== "EVAL"));
      assert.ok(!r.stopped, `${run} without eval stopped by ${r.rule}: ${r.reason}`);
      assert.equal(r.bestEvalLoss, null);
      assert.ok(r.advice.some((a) => /val_size/.test(a)));
    }
    const nan = backtestPoints(load("dev-nan").filter((p) => p.kind !== "EVAL"));
    assert.equal(nan.stopStep, 10);
    const stalled = backtestPoints(load("dev-stalled").filter((p) => p.kind !== "EVAL"));
    assert.equal(stalled.verdict, "stalled");
  });
});
