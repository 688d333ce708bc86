// Backtest totals and the false-stop rule on the six real runs (fixtures/gpu-runs/README.md).
import path from "node:path";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { defaultRulesConfig, ZRulesConfig } from "@/lib/rules/config";
import { backtestOne, noStopConfig } from "./backtest-one";
import { judgeFalseStop } from "./false-stop";
import { parseUpload } from "./parse-upload";
import { summarize } from "./summarize";

const DIR = path.join(import.meta.dirname, "testdata/gpu-runs");
const RUNS = ["dev-healthy", "dev-overfit", "dev-diverge", "dev-nan", "dev-stalled", "dev-plateau"] as const;

function one(name: string, rules = defaultRulesConfig(), gpus = 1) {
  const u = parseUpload(name, readFileSync(`${DIR}/${name}/trainer_log.jsonl`, "utf8"));
  return backtestOne({ key: name, label: name, source: "upload", points: u.points, rules, gpus, durationS: u.durationS });
}

describe("default rules over the six fixtures", () => {
  const runs = RUNS.map((r) => one(r));
  const by = Object.fromEntries(runs.map((r) => [r.label, r]));

  it("stops the four bad runs where an expert would and leaves the two healthy ones alone", () => {
    assert.deepEqual(
      RUNS.map((n) => [n, by[n]!.result.stopStep]),
      [["dev-healthy", null], ["dev-overfit", 275], ["dev-diverge", 150], ["dev-nan", 10], ["dev-stalled", 100], ["dev-plateau", null]],
    );
  });

  it("totals add up: steps, GPU-hours from duration × GPUs × fraction saved, no false stops", () => {
    const t = summarize(runs);
    assert.equal(t.runs, 6);
    assert.equal(t.stopped, 4);
    assert.equal(t.stepsSaved, 625 + 650 + 290 + 300);
    assert.equal(t.totalSteps, 800 + 900 + 800 + 300 + 400 + 800);
    assert.equal(t.falseStops, 0);
    assert.equal(t.healthyRuns, 2);
    // dev-overfit: the log's elapsed time is its duration; 625 of 900 steps saved.
    const o = by["dev-overfit"]!;
    assert.ok(o.durationS! > 20 && o.durationS! < 60, String(o.durationS));
    assert.ok(Math.abs(o.gpuHoursSaved! - (o.durationS! / 3600) * (625 / 900)) < 1e-12);
    const expected = runs.reduce((s, r) => s + (r.durationS! / 3600) * (r.result.stepsSaved / r.result.totalSteps!), 0);
    assert.ok(Math.abs(t.gpuHoursSaved - expected) < 1e-12);
    assert.equal(t.unknownDuration, 0);
  });

  it("GPU-hours scale with the GPU count", () => {
    const a = one("dev-overfit", defaultRulesConfig(), 1);
    const b = one("dev-overfit", defaultRulesConfig(), 4);
    assert.ok(Math.abs(b.gpuHoursSaved! - 4 * a.gpuHoursSaved!) < 1e-12);
  });

  it("kept best vs true minimum: 0% where the best eval came before the stop, positive for the stalled run", () => {
    assert.equal(by["dev-overfit"]!.keptVsMinPct, 0);
    assert.equal(by["dev-diverge"]!.keptVsMinPct, 0);
    assert.equal(by["dev-nan"]!.keptVsMinPct, null, "every eval is NaN: nothing kept");
    const s = by["dev-stalled"]!.keptVsMinPct!;
    assert.ok(s > 3 && s < 4, `stalled kept ${s}%`); // 5.6598 at step 50 vs 5.4763 at 400
    assert.equal(by["dev-healthy"]!.keptVsMinPct, null, "no stop, nothing to compare");
    const t = summarize(runs);
    assert.ok(Math.abs(t.worstKeptVsMinPct! - s) < 1e-9);
  });

  it("final verdicts come from the whole history", () => {
    assert.deepEqual(RUNS.map((n) => by[n]!.finalVerdict), ["underfitting", "overfitting", "diverged", "diverged", "stalled", "converged"]);
  });

  it("charts carry both curves and the NaN markers", () => {
    const h = by["dev-healthy"]!.chart;
    assert.equal(h.eval.length, 16);
    assert.ok(h.train.length > 100);
    assert.deepEqual(h.nonFiniteSteps, []);
    assert.ok(by["dev-nan"]!.chart.nonFiniteSteps.includes(25), "the NaN eval at step 25 is marked");
  });
});

describe("false stops", () => {
  it("an eager patience rule stops the healthy run at its one bad eval (step 500): counted as a false stop", () => {
    const eager = ZRulesConfig.parse({ patience: { patience: 1, minStepsFrac: 0, minDeltaRel: 0 } });
    const h = one("dev-healthy", eager);
    assert.equal(h.result.stopStep, 500);
    assert.equal(h.finalVerdict, "underfitting");
    assert.equal(h.falseStop.falseStop, true, h.falseStop.why);
    // The same rule on the overfitting run is a right stop, not a false one.
    const o = one("dev-overfit", eager);
    assert.ok(o.result.stopped);
    assert.equal(o.falseStop.falseStop, false, o.falseStop.why);
    assert.equal(summarize([h, o]).falseStops, 1);
  });

  it("patience with a 1% margin stops the plateau run at 480: a false stop, 4-5% above the eventual minimum", () => {
    const rules = ZRulesConfig.parse({ patience: { minDeltaRel: 0.01, minStepsFrac: 0 } });
    const p = one("dev-plateau", rules);
    assert.equal(p.result.stopStep, 480);
    assert.equal(p.falseStop.falseStop, true, p.falseStop.why);
    assert.ok(p.keptVsMinPct! > 4 && p.keptVsMinPct! < 5, String(p.keptVsMinPct));
  });

  it("the definition, case by case", () => {
    const base = { stopStep: 300, endStep: 1000 } as const;
    assert.equal(judgeFalseStop({ ...base, stopStep: null, finalVerdict: "underfitting", trueMinEvalStep: 1000 }).falseStop, false);
    assert.equal(judgeFalseStop({ ...base, finalVerdict: "overfitting", trueMinEvalStep: 1000 }).falseStop, false);
    assert.equal(judgeFalseStop({ ...base, finalVerdict: "diverged", trueMinEvalStep: null }).falseStop, false);
    assert.equal(judgeFalseStop({ ...base, finalVerdict: "converged", trueMinEvalStep: 900 }).falseStop, true);
    assert.equal(judgeFalseStop({ ...base, finalVerdict: "converged", trueMinEvalStep: 800 }).falseStop, true, "exactly at the 20% edge");
    assert.equal(judgeFalseStop({ ...base, finalVerdict: "converged", trueMinEvalStep: 799 }).falseStop, false, "min not near the end");
    assert.equal(judgeFalseStop({ ...base, finalVerdict: "learning", trueMinEvalStep: 250 }).falseStop, false, "best came before the stop");
    assert.equal(judgeFalseStop({ ...base, finalVerdict: "underfitting", trueMinEvalStep: null }).falseStop, true, "no eval: verdict decides");
  });

  it("the no-stop replay demotes only stop modes", () => {
    const c = noStopConfig(ZRulesConfig.parse({ plateau: { mode: "off" } }));
    assert.equal(c.nonFinite.mode, "alert");
    assert.equal(c.plateau.mode, "off");
    assert.equal(c.patience.patience, 3);
  });
});

describe("uploads", () => {
  it("a file with no trainer_log lines is refused, naming the file and the first bad line", () => {
    assert.throws(() => parseUpload("notes.txt", "hello\nworld\n"), /notes\.txt: no trainer_log\.jsonl lines found \(line 1/);
  });
  it("a resumed log (steps logged twice) charts one curve", () => {
    const text = readFileSync(`${DIR}/dev-overfit/trainer_log.jsonl`, "utf8").split("\n").filter(Boolean);
    const until150 = text.filter((l) => JSON.parse(l.replace(/NaN/g, "null")).current_steps <= 150);
    const after100 = text.filter((l) => JSON.parse(l.replace(/NaN/g, "null")).current_steps > 100);
    const r = backtestOne({ key: "r", label: "r", source: "upload", points: parseUpload("r", [...until150, ...after100].join("\n")).points,
      rules: defaultRulesConfig(), gpus: 1, durationS: null });
    const xs = r.chart.train.map((p) => p.x);
    assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
    assert.equal(new Set(xs).size, xs.length);
    assert.equal(r.result.stopStep, 275);
    assert.equal(r.gpuHoursSaved, null);
    assert.equal(summarize([r]).unknownDuration, 1);
  });
});
