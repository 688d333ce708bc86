// The default rules on real users' logs (committed copies, lib/backtest/testdata/wild) and on the
// traps those logs showed, built as small synthetic curves.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { scoreAgainstLabel, ZLabelsFile } from "@/lib/backtest/score-labels";
import { backtestPoints } from "./backtest-points";
import type { TEnginePoint } from "./types";

const WILD = join(import.meta.dirname, "../backtest/testdata/wild");

function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe("real logs, judged against a practitioner's labels", () => {
  const labels = ZLabelsFile.parse(JSON.parse(readFileSync(join(WILD, "LABELS.json"), "utf8")));
  for (const name of readdirSync(WILD).filter((n) => labels[n])) {
    it(name, () => {
      const text = readFileSync(join(WILD, name, "trainer_log.jsonl"));
      const r = backtestPoints(parseTrainerLog(Buffer.concat([text, Buffer.from("\n")]), 0, initialParserState()).points);
      const s = scoreAgainstLabel(labels[name]!, r);
      assert.ok(s.right, `${s.problems.join("; ")} (${r.reason})`);
    });
  }
  it("logs without any loss are not judgeable: no stop, no best step", () => {
    for (const name of ["gemma2-9b-predict", "qwen3-lora-single-final-line"]) {
      const r = backtestPoints(parseTrainerLog(readFileSync(join(WILD, name, "trainer_log.jsonl")), 0, initialParserState()).points);
      assert.deepEqual([r.verdict, r.stopped, r.bestStep], ["not-judgeable", false, null], name);
    }
  });
});

/** A run of `epochs` epochs, `per` logged points each; loss(e, t) with t in [0, 1) inside the epoch. */
function epochs(o: { epochs: number; per: number; loss: (e: number, t: number) => number; noise: number; seed: number }): TEnginePoint[] {
  const r = rng(o.seed);
  const total = o.epochs * o.per * 10;
  const out: TEnginePoint[] = [];
  for (let e = 0; e < o.epochs; e++) {
    for (let i = 0; i < o.per; i++) {
      const step = (e * o.per + i + 1) * 10;
      out.push({ kind: "TRAIN", step, totalSteps: total, epoch: step / (o.per * 10), lr: 1e-4, evalLoss: null,
        loss: o.loss(e, i / o.per) * (1 + o.noise * (r() - 0.5) * 2) });
    }
  }
  return out;
}

describe("traps seen in real logs", () => {
  it("the memorisation staircase (flat inside each epoch, a drop at each boundary) is converged, not underfitting", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const pts = epochs({ epochs: 5, per: 40, seed, noise: 0.08, loss: (e) => 1.3 * 0.88 ** e });
      const r = backtestPoints(pts);
      assert.equal(r.stopped, false);
      assert.equal(r.verdict, "converged", r.reason);
    }
  });

  it("a staircase driven near zero is overfitting (memorised), even without eval", () => {
    const r = backtestPoints(epochs({ epochs: 4, per: 50, seed: 3, noise: 0.1, loss: (e) => 0.6 * 0.5 ** e }));
    assert.equal(r.verdict, "overfitting", r.reason);
    assert.equal(r.stopped, false, "no eval: no required stop");
  });

  it("a multi-epoch run still falling inside its last epoch is underfitting", () => {
    const r = backtestPoints(epochs({ epochs: 2, per: 60, seed: 5, noise: 0.03, loss: (e, t) => 2.0 - 0.5 * (e + t) }));
    assert.equal(r.verdict, "underfitting", r.reason);
  });

  it("a very low loss creeping up (0.03 → 0.07) is not divergence", () => {
    const pts: TEnginePoint[] = [];
    const r0 = rng(7);
    for (let s = 10; s <= 2000; s += 10) {
      const base = s < 400 ? 1.5 * Math.exp(-s / 60) + 0.03 : 0.03 + 0.04 * ((s - 400) / 1600);
      pts.push({ kind: "TRAIN", step: s, totalSteps: 2000, lr: 2e-4, evalLoss: null, loss: base * (1 + 0.1 * (r0() - 0.5)) });
    }
    const r = backtestPoints(pts);
    assert.equal(r.stopped, false, r.reason);
    assert.notEqual(r.verdict, "diverged", r.reason);
  });

  it("eval not improving for the patience window while train falls steeply is overfitting, however small the eval rise", () => {
    const pts: TEnginePoint[] = [];
    const evals = [2.0, 1.8, 1.7, 1.702, 1.699, 1.703, 1.701];
    for (let s = 10; s <= 700; s += 10) {
      pts.push({ kind: "TRAIN", step: s, totalSteps: 700, lr: 1e-4, evalLoss: null, loss: 2.2 * Math.exp(-s / 250) });
      if (s % 100 === 0) pts.push({ kind: "EVAL", step: s, totalSteps: 700, loss: null, evalLoss: evals[s / 100 - 1]! });
    }
    const r = backtestPoints(pts);
    assert.equal(r.verdict, "overfitting", r.reason);
    assert.equal(r.bestStep, 500);
  });

  it("a sudden ×50 spike raises an alert at once (and the run is stopped by the next line at the latest)", () => {
    const pts: TEnginePoint[] = [];
    for (let s = 5; s <= 100; s += 5) pts.push({ kind: "TRAIN", step: s, totalSteps: 300, lr: 1e-4, evalLoss: null, loss: 1.6 - s / 500 });
    pts.push({ kind: "TRAIN", step: 105, totalSteps: 300, lr: 1e-4, evalLoss: null, loss: 75 });
    pts.push({ kind: "TRAIN", step: 110, totalSteps: 300, lr: 1e-4, evalLoss: null, loss: 0 });
    const r = backtestPoints(pts);
    assert.deepEqual(r.alerts.map((a) => [a.rule, a.step]), [["spike", 105]]);
    assert.ok(r.stopped && r.stopStep! <= 110, `stop at ${r.stopStep}`);
    // A smaller spike (×25 of a 0.3 loss) is below the divergence bar: the alert is the only early word.
    const small = pts.slice(0, 20).map((p) => ({ ...p, loss: p.loss! / 5 }));
    small.push({ kind: "TRAIN", step: 105, totalSteps: 300, lr: 1e-4, evalLoss: null, loss: 7 });
    for (let s = 110; s <= 150; s += 5) small.push({ kind: "TRAIN", step: s, totalSteps: 300, lr: 1e-4, evalLoss: null, loss: 0.25 });
    const q = backtestPoints(small);
    assert.deepEqual(q.alerts.map((a) => [a.rule, a.step]), [["spike", 105]]);
  });

  it("PPO: a rising loss with a rising reward is no divergence; the reward decides the verdict", () => {
    const pts: TEnginePoint[] = [];
    const r0 = rng(11);
    for (let s = 9; s <= 699; s += 10) {
      const t = s / 700;
      pts.push({ kind: "TRAIN", step: s, totalSteps: 700, lr: 1e-5, evalLoss: null, loss: 0.5 + 1.5 * t + 0.1 * r0(), reward: -2.7 + 0.4 * t + 0.05 * (r0() - 0.5) });
    }
    const r = backtestPoints(pts);
    assert.equal(r.stopped, false, r.reason);
    assert.equal(r.verdict, "underfitting", r.reason);
  });
});
