// The cross-trial stopper on real eval-loss curves: the six GPU runs of fixtures/gpu-runs (healthy,
// overfit, diverge, NaN, stalled, plateau) and a wild Qwen2.5 SFT log with evals every 100 steps
// (copied to testdata/, eval lines only).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ashaRungs, bestUpTo, decideStops, median, type TCurvePoint, type TStopperTrial } from "./cross-trial-stopper";
import { ZStopper } from "./spec";

const DIR = path.join(import.meta.dirname, "testdata");
function curve(name: string): TCurvePoint[] {
  return readFileSync(path.join(DIR, `${name}.eval.jsonl`), "utf8").trim().split("\n").map((l) => JSON.parse(l.replace(/\bNaN\b/g, '"NaN"')))
    .filter((o) => o.eval_loss !== null && o.eval_loss !== undefined)
    .map((o) => ({ step: Number(o.current_steps), evalLoss: Number(o.eval_loss) }));
}
const RUNS = ["dev-healthy", "dev-overfit", "dev-diverge", "dev-nan", "dev-stalled", "dev-plateau"] as const;
const C = Object.fromEntries(RUNS.map((r) => [r, curve(r)])) as Record<(typeof RUNS)[number], TCurvePoint[]>;
const upTo = (c: TCurvePoint[], s: number) => c.filter((p) => p.step <= s);
const median3 = ZStopper.parse({ type: "median", minTrials: 3 });

describe("median stopping", () => {
  it("stops the diverging run at step 150: its best (3.339) is worse than the median of the 5 others at 150", () => {
    const trials: TStopperTrial[] = RUNS.map((r) => ({ id: r, active: r === "dev-diverge", curve: r === "dev-diverge" ? upTo(C[r], 150) : C[r] }));
    const d = decideStops(median3, trials);
    assert.equal(d.length, 1);
    assert.equal(d[0]!.trialId, "dev-diverge");
    assert.equal(d[0]!.step, 150);
    // Others' best up to step 150: healthy 2.594, overfit 2.033, plateau 2.286, stalled 5.607, NaN run → median 2.594.
    assert.equal(d[0]!.threshold.toFixed(3), "2.594");
    assert.match(d[0]!.reason, /^below the median of 5 trials at step 150 \(best eval loss 3\.339, median 2\.594\)$/);
  });

  it("leaves the healthy run alone at the same step (2.594 is better than the median 3.339 of the others)", () => {
    const trials: TStopperTrial[] = RUNS.map((r) => ({ id: r, active: r === "dev-healthy", curve: r === "dev-healthy" ? upTo(C[r], 150) : C[r] }));
    assert.deepEqual(decideStops(median3, trials), []);
  });

  it("a NaN run is always behind; a stalled one too", () => {
    const trials: TStopperTrial[] = RUNS.map((r) => ({ id: r, active: r === "dev-nan" || r === "dev-stalled", curve: ["dev-nan", "dev-stalled"].includes(r) ? upTo(C[r], 100) : C[r] }));
    const d = decideStops(median3, trials);
    assert.deepEqual(d.map((x) => x.trialId).sort(), ["dev-nan", "dev-stalled"]);
    assert.match(d.find((x) => x.trialId === "dev-nan")!.reason, /best eval loss NaN/);
  });

  it("waits for minTrials others at the step and for the warm-up", () => {
    const three = (["dev-healthy", "dev-overfit", "dev-diverge"] as const).map((r) => ({ id: r, active: r === "dev-diverge", curve: r === "dev-diverge" ? upTo(C[r], 150) : C[r] }));
    assert.deepEqual(decideStops(median3, three), [], "only 2 others");
    assert.equal(decideStops(ZStopper.parse({ type: "median", minTrials: 2 }), three).length, 1);
    assert.deepEqual(decideStops(ZStopper.parse({ type: "median", minTrials: 2, warmupSteps: 200 }), three), [], "before warm-up");
    // Others that have not reached step 150 yet do not count.
    const early = RUNS.map((r) => ({ id: r, active: r === "dev-diverge", curve: r === "dev-diverge" ? upTo(C[r], 150) : upTo(C[r], 100) }));
    assert.deepEqual(decideStops(median3, early), []);
  });

  it("replayed as a live sweep, three at a time (healthy, overfit, plateau first; then diverge, NaN, stalled): the second wave is stopped at its first common eval step", () => {
    const wave1 = ["dev-healthy", "dev-overfit", "dev-plateau"], wave2 = ["dev-diverge", "dev-nan", "dev-stalled"];
    const stopped = new Map<string, string>();
    const judge = (ids: string[], done: string[], s: number) => {
      const trials = [...done.map((r) => ({ id: r, active: false, curve: C[r as keyof typeof C] })),
        ...ids.map((r) => ({ id: r, active: !stopped.has(r) && lastOf(C[r as keyof typeof C]) > s, curve: upTo(C[r as keyof typeof C], s) }))];
      for (const d of decideStops(median3, trials)) if (!stopped.has(d.trialId)) stopped.set(d.trialId, d.reason);
    };
    for (let s = 25; s <= 900; s += 25) judge(wave1, [], s);
    assert.deepEqual([...stopped.keys()], [], "the first wave never has 3 others at a step");
    for (let s = 25; s <= 900; s += 25) judge(wave2, wave1, s);
    assert.deepEqual(Object.fromEntries(stopped), {
      "dev-diverge": "below the median of 5 trials at step 50 (best eval loss 3.954, median 3.57)",
      "dev-nan": "below the median of 5 trials at step 50 (best eval loss NaN, median 3.57)",
      "dev-stalled": "below the median of 5 trials at step 50 (best eval loss 5.66, median 3.57)",
    });
  });

  it("side by side, median stopping also stops a slow starter: healthy is behind the median of 3 at step 100 (the known cost of the rule)", () => {
    const stopped = new Map<string, number>();
    for (let s = 25; s <= 900; s += 25) {
      const trials = RUNS.map((r) => ({ id: r, active: !stopped.has(r) && lastOf(C[r]) > s, curve: upTo(C[r], stopped.get(r) ?? s) }));
      for (const d of decideStops(median3, trials)) stopped.set(d.trialId, d.step);
    }
    assert.deepEqual(Object.fromEntries(stopped), { "dev-nan": 50, "dev-stalled": 50, "dev-healthy": 100 });
  });
});

function lastOf(c: TCurvePoint[]): number {
  return Math.max(...c.map((p) => p.step));
}

describe("ASHA successive halving", () => {
  const asha = ZStopper.parse({ type: "asha", minStep: 50, eta: 2, minTrials: 3 });

  it("rungs are minStep × eta^k", () => {
    assert.deepEqual(ashaRungs(50, 2, 450), [50, 100, 200, 400]);
    assert.deepEqual(ashaRungs(100, 3, 99), []);
  });

  it("rung 3 (step 200) keeps the top 3 of 6: the stalled run ranks 5th and is stopped, the healthy one (3rd) goes on", () => {
    const trials: TStopperTrial[] = RUNS.map((r) => ({ id: r, active: r === "dev-stalled" || r === "dev-healthy", curve: ["dev-stalled", "dev-healthy"].includes(r) ? upTo(C[r], 200) : C[r] }));
    const d = decideStops(asha, trials);
    assert.equal(d.length, 1);
    assert.equal(d[0]!.trialId, "dev-stalled");
    assert.match(d[0]!.reason, /^ASHA rung 3 \(step 200\): ranked 5 of 6, keeping top 3 \(best eval loss 5\.581, cutoff 2\.401\)$/);
  });

  it("a rung ranks nobody before minTrials trials reached it", () => {
    const two = (["dev-healthy", "dev-stalled"] as const).map((r) => ({ id: r, active: true, curve: upTo(C[r], 200) }));
    assert.deepEqual(decideStops(asha, two), []);
  });

  it("evals that do not line up with the rungs: the best eval at or before the rung step counts; no eval by then = not ranked", () => {
    const wild = curve("linxiang-qwen25-sft-m1"); // evals at 100, 200, 300, 369
    assert.equal(bestUpTo(wild, 50), null);
    const trials: TStopperTrial[] = [
      { id: "wild", active: true, curve: upTo(wild, 250) },
      ...RUNS.map((r) => ({ id: r, active: false, curve: C[r] })),
    ];
    // Rung 3 (step 200): the wild run's 1.375 is the best of 7 → kept.
    assert.deepEqual(decideStops(asha, trials), []);
    const d = decideStops(ZStopper.parse({ type: "asha", minStep: 50, eta: 2, minTrials: 3 }), [
      ...trials.map((t) => ({ ...t, active: t.id === "dev-diverge" })),
    ]);
    assert.deepEqual(d.map((x) => x.trialId), ["dev-diverge"]);
  });

  it("replayed live side by side: rung 1 halves 5 to 2 (diverge, NaN, stalled out), rung 2 keeps the best of 3 (overfit)", () => {
    const stopped = new Map<string, string>(), at = new Map<string, number>();
    for (let s = 25; s <= 900; s += 25) {
      // A stopped trial has no evals after the step it was stopped at.
      const trials = RUNS.map((r) => ({ id: r, active: !stopped.has(r) && lastOf(C[r]) > s, curve: upTo(C[r], at.get(r) ?? s) }));
      for (const d of decideStops(asha, trials)) if (!stopped.has(d.trialId)) (stopped.set(d.trialId, d.reason.replace(/ \(best.*/, "")), at.set(d.trialId, s));
    }
    assert.deepEqual(Object.fromEntries(stopped), {
      "dev-diverge": "ASHA rung 1 (step 50): ranked 3 of 5, keeping top 2",
      "dev-nan": "ASHA rung 1 (step 50): ranked 5 of 5, keeping top 2",
      "dev-stalled": "ASHA rung 1 (step 50): ranked 4 of 5, keeping top 2",
      "dev-healthy": "ASHA rung 2 (step 100): ranked 3 of 3, keeping top 1",
      "dev-plateau": "ASHA rung 2 (step 100): ranked 2 of 3, keeping top 1",
    });
  });
});

describe("median()", () => {
  it("handles even counts and non-finite values", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([1, Infinity]), Infinity);
  });
});
