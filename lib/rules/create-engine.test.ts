import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backtestPoints } from "./backtest-points";
import { bestCheckpointStep } from "./best-checkpoint-step";
import { defaultRulesConfig } from "./config";
import { createEngine } from "./create-engine";
import type { TEnginePoint } from "./types";

function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

// FF_SEEDS raises the seed count for a longer local soak.
const SEEDS = Number(process.env.FF_SEEDS ?? 200);

type TCurve = (t: number) => number; // t in [0, 1]

/** A LLaMA-Factory-like stream: a train line every `logging` steps, an eval line every `evalEvery` (0 = none). */
function synth(o: { total: number; logging: number; evalEvery: number; train: TCurve; evalC?: TCurve; noise: number; evalNoise: number; seed: number }): TEnginePoint[] {
  const r = rng(o.seed);
  const out: TEnginePoint[] = [];
  for (let step = o.logging; step <= o.total; step += o.logging) {
    const t = step / o.total;
    out.push({ kind: "TRAIN", step, totalSteps: o.total, loss: o.train(t) * (1 + o.noise * gauss(r)), evalLoss: null, lr: 1e-4 });
    if (o.evalEvery && o.evalC && step % o.evalEvery === 0) {
      out.push({ kind: "EVAL", step, totalSteps: o.total, loss: null, evalLoss: o.evalC(t) * (1 + o.evalNoise * gauss(r)) });
    }
  }
  return out;
}

/** Fast early drop, then slow steady improvement still going at the end (a healthy fine-tune). */
function healthyCurve(r: () => number, offset: number): TCurve {
  const start = 0.8 + 5 * r();
  const floor = start * (0.15 + 0.4 * r());
  const a1 = (start - floor) * (0.5 + 0.3 * r());
  const a2 = start - floor - a1;
  const tau1 = 0.02 + 0.08 * r();
  const tau2 = 0.6 + 1.5 * r();
  return (t) => floor + offset + a1 * Math.exp(-t / tau1) + a2 * Math.exp(-t / tau2);
}

describe("rules engine on synthetic runs", () => {
  it("never stops a noisy healthy run that is still improving (200+ seeds, with and without eval)", () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = rng(seed * 31);
      const train = healthyCurve(r, 0);
      const gap = 0.05 + 0.3 * r();
      const logging = [1, 5, 10, 50][seed % 4]!;
      const total = logging * (40 + Math.floor(r() * 400));
      const evalEvery = seed % 3 === 0 ? 0 : logging * (2 + Math.floor(r() * 10));
      const points = synth({
        total, logging, evalEvery, train, evalC: (t) => train(t) * (1 + gap),
        noise: 0.02 + 0.25 * r(), evalNoise: 0.002 * r(), seed,
      });
      const res = backtestPoints(points);
      assert.equal(res.stopped, false, `seed ${seed} stopped at ${res.stopStep} by ${res.rule}: ${res.reason}`);
      assert.ok(["underfitting", "learning", "converged"].includes(res.verdict), `seed ${seed}: ${res.verdict} (${res.reason})`);
    }
  });

  it("stops an overfitting run a few evals after the eval minimum and keeps the best step", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const train: TCurve = (t) => 0.05 + 2 * Math.exp(-t / 0.2);
      const tMin = 0.25 + 0.3 * rng(seed)();
      const evalC: TCurve = (t) => 1.5 + 2 * (t - tMin) ** 2;
      const res = backtestPoints(synth({ total: 1000, logging: 10, evalEvery: 50, train, evalC, noise: 0.05, evalNoise: 0.002, seed }));
      assert.ok(res.stopped, `seed ${seed}`);
      assert.equal(res.verdict, "overfitting", `seed ${seed}: ${res.reason}`);
      assert.ok(Math.abs(res.bestStep! - tMin * 1000) <= 100, `seed ${seed}: best ${res.bestStep} vs ${tMin * 1000}`);
      assert.ok(res.stopStep! - res.bestStep! <= 300, `seed ${seed}: stop ${res.stopStep} best ${res.bestStep}`);
    }
  });

  it("stops a blow-up in a run without eval (divergence)", () => {
    const train: TCurve = (t) => (t < 0.4 ? 2 - t : 1.6 * Math.exp((t - 0.4) * 8));
    const res = backtestPoints(synth({ total: 500, logging: 5, evalEvery: 0, train, noise: 0.03, evalNoise: 0, seed: 3 }));
    assert.ok(res.stopped);
    assert.equal(res.rule, "divergence");
    assert.equal(res.verdict, "diverged");
    assert.ok(res.stopStep! < 300, `stop ${res.stopStep}`);
  });

  it("stops at once on NaN / Inf loss or eval loss, and on 0.0 after a blow-up", () => {
    const base: TEnginePoint[] = [
      { kind: "TRAIN", step: 5, totalSteps: 100, loss: 2.1, evalLoss: null },
      { kind: "TRAIN", step: 10, totalSteps: 100, loss: 2.0, evalLoss: null },
    ];
    for (const bad of [
      { kind: "TRAIN", step: 15, totalSteps: 100, loss: NaN, evalLoss: null },
      { kind: "TRAIN", step: 15, totalSteps: 100, loss: Infinity, evalLoss: null },
      { kind: "EVAL", step: 15, totalSteps: 100, loss: null, evalLoss: NaN },
      { kind: "TRAIN", step: 15, totalSteps: 100, loss: 0, evalLoss: null },
    ] as TEnginePoint[]) {
      const e = createEngine();
      for (const p of base) assert.equal(e.push(p).fired, null);
      const out = e.push(bad);
      assert.equal(out.fired?.rule, "nonFinite");
      assert.equal(out.fired?.action, "stop");
      assert.equal(out.verdict, "failed");
      assert.equal(e.finish().verdict, "failed");
    }
  });

  it("does not call a 0.0 loss that follows tiny losses a blow-up (rounded memorisation)", () => {
    const pts: TEnginePoint[] = [];
    for (let s = 10; s <= 400; s += 10) pts.push({ kind: "TRAIN", step: s, totalSteps: 400, loss: s < 300 ? 2 * Math.exp(-s / 40) : 0, evalLoss: null });
    const res = backtestPoints(pts);
    assert.notEqual(res.rule, "nonFinite");
  });

  it("handles runs with only a handful of points without stopping or crashing", () => {
    for (const n of [0, 1, 2, 3, 5]) {
      const pts: TEnginePoint[] = [];
      for (let i = 1; i <= n; i++) {
        pts.push({ kind: "TRAIN", step: i * 10, totalSteps: 50, loss: 2 - 0.1 * i, evalLoss: null });
        if (i % 2 === 0) pts.push({ kind: "EVAL", step: i * 10, totalSteps: 50, loss: null, evalLoss: 2.2 - 0.05 * i });
      }
      pts.push({ kind: "SUMMARY", step: n * 10, totalSteps: 50, loss: null, evalLoss: null });
      const res = backtestPoints(pts);
      assert.equal(res.stopped, false, `${n} points`);
      assert.ok(typeof res.reason === "string");
    }
    // Unknown total_steps: nothing that needs the run's length may fire.
    const res = backtestPoints(Array.from({ length: 50 }, (_, i) => ({ kind: "TRAIN" as const, step: i + 1, loss: 3, evalLoss: null })));
    assert.equal(res.stopped, false);
  });

  it("respects off / alert modes and reports the patience reason in plain words", () => {
    const evals = [2.5, 2.31, 2.35, 2.4, 2.48, 2.6];
    const pts: TEnginePoint[] = [];
    evals.forEach((v, i) => {
      const step = (i + 1) * 20;
      pts.push({ kind: "TRAIN", step, totalSteps: 400, loss: 2 - 0.001 * step, evalLoss: null });
      pts.push({ kind: "EVAL", step, totalSteps: 400, loss: null, evalLoss: v });
    });
    const stop = backtestPoints(pts, { overfitting: { mode: "off" }, divergence: { mode: "off" } });
    assert.equal(stop.rule, "patience");
    assert.equal(stop.stopStep, 100);
    assert.match(stop.reason, /eval loss has not improved by more than 0\.1% for 3 evaluations since step 40 \(2\.31\); it is now 2\.48/);
    const alert = backtestPoints(pts, { overfitting: { mode: "off" }, divergence: { mode: "off" }, patience: { mode: "alert" } });
    assert.equal(alert.stopped, false);
    assert.equal(alert.alerts[0]?.rule, "patience");
    const off = backtestPoints(pts, { overfitting: { mode: "off" }, divergence: { mode: "off" }, patience: { mode: "off" } });
    assert.equal(off.alerts.length + (off.stopped ? 1 : 0), 0);
  });

  it("is deterministic and fires each rule at most once", () => {
    const pts = synth({ total: 300, logging: 5, evalEvery: 25, train: (t) => 2 - t, evalC: (t) => 2 + t, noise: 0.05, evalNoise: 0, seed: 9 });
    const run = () => {
      const e = createEngine({ overfitting: { mode: "alert" }, patience: { mode: "alert" }, divergence: { mode: "alert" } });
      return pts.map((p) => e.push(p));
    };
    const a = run();
    assert.deepEqual(a, run());
    const rules = a.flatMap((o) => (o.fired ? [o.fired.rule] : []));
    assert.equal(new Set(rules).size, rules.length);
  });

  it("rebuilds its state on a resume (segment) instead of zigzagging", () => {
    const pts = synth({ total: 400, logging: 10, evalEvery: 50, train: (t) => 3 - 2 * t, evalC: (t) => 3.2 - 2 * t, noise: 0.02, evalNoise: 0, seed: 4 });
    const first = pts.filter((p) => p.step <= 230);
    const again = pts.filter((p) => p.step > 150).map((p) => ({ ...p, segment: 1 }));
    const e1 = createEngine();
    for (const p of pts) e1.push(p);
    const e2 = createEngine();
    for (const p of [...first, ...again]) e2.push(p);
    assert.deepEqual(e2.snapshot(), e1.snapshot());
  });

  it("validates its config with defaults", () => {
    const cfg = defaultRulesConfig();
    assert.equal(cfg.patience.patience, 3);
    assert.equal(cfg.nonFinite.mode, "stop");
    assert.throws(() => createEngine({ patience: { patience: 0 } }));
    assert.throws(() => createEngine({ stall: { mode: "sometimes" as never } }));
  });
});

/** A run logging every `logging` steps with an lr column; `loss(t)` with multiplicative noise. */
function lrRun(o: { total: number; logging: number; lr: number; loss: TCurve; noise: number; seed: number; evalEvery?: number; evalC?: TCurve; noLr?: boolean }): TEnginePoint[] {
  const r = rng(o.seed);
  const out: TEnginePoint[] = [];
  for (let step = o.logging; step <= o.total; step += o.logging) {
    const t = step / o.total;
    out.push({ kind: "TRAIN", step, totalSteps: o.total, loss: o.loss(t) * (1 + o.noise * gauss(r)), evalLoss: null, ...(o.noLr ? {} : { lr: o.lr }) });
    if (o.evalEvery && o.evalC && step % o.evalEvery === 0) out.push({ kind: "EVAL", step, totalSteps: o.total, loss: null, evalLoss: o.evalC(t) });
  }
  return out;
}

describe("minimum evidence before trend rules", () => {
  it("does not call a short, noisy pretrained fine-tune at a normal lr stalled (it gains little and slowly)", () => {
    for (let seed = 1; seed <= 100; seed++) {
      // 45 steps, logging 2: the loss gains 3–10% over the whole run under ±8% noise.
      const gain = 0.03 + 0.07 * rng(seed)();
      const loss: TCurve = (t) => 1.4 * (1 - gain * t);
      const res = backtestPoints(lrRun({ total: 45, logging: 2, lr: 5e-5, loss, noise: 0.08, seed, evalEvery: 10, evalC: (t) => loss(t) * 1.03 }));
      assert.equal(res.stopped, false, `seed ${seed}: ${res.rule} at ${res.stopStep}: ${res.reason}`);
      assert.notEqual(res.verdict, "stalled", `seed ${seed}`);
    }
  });

  it("stops a flat run early when the lr is far too low, and only late (no progress at all) when it is normal", () => {
    const flat: TCurve = () => 1.6;
    const low = backtestPoints(lrRun({ total: 400, logging: 5, lr: 1e-7, loss: flat, noise: 0.03, seed: 5 }));
    assert.equal(low.rule, "stall");
    assert.ok(low.stopStep! >= 100 && low.stopStep! <= 140, `stop ${low.stopStep}`);
    assert.match(low.reason, /far too low/);
    // At a normal lr only a clearly flat curve counts: the best smoothed value against the start, whose
    // noise-driven downward bias keeps a noisy flat run going (wasted steps, but never a false stop).
    const normal = backtestPoints(lrRun({ total: 400, logging: 5, lr: 1e-4, loss: flat, noise: 0.005, seed: 5 }));
    assert.equal(normal.rule, "stall");
    assert.ok(normal.stopStep! >= 240, `stop ${normal.stopStep}`);
    assert.match(normal.reason, /no progress at all/);
    const noisy = backtestPoints(lrRun({ total: 400, logging: 5, lr: 1e-4, loss: flat, noise: 0.03, seed: 5 }));
    assert.ok(!noisy.stopped || noisy.stopStep! >= 240, `stop ${noisy.stopStep}`);
    // Normal lr and a slow but real gain (5% over the run): never a stall.
    const slow = backtestPoints(lrRun({ total: 400, logging: 5, lr: 1e-4, loss: (t) => 1.6 * (1 - 0.05 * t), noise: 0.03, seed: 5 }));
    assert.equal(slow.stopped, false, `${slow.rule}: ${slow.reason}`);
  });

  it("takes the uniform-guess level as corroboration when it is known (and the lr column is missing)", () => {
    const atUniform: TCurve = (t) => 5.69 - 0.1 * t; // a from-scratch byte model barely leaving ln 256
    const pts = lrRun({ total: 400, logging: 10, lr: 0, loss: atUniform, noise: 0.005, seed: 2, noLr: true });
    const known = backtestPoints(pts, { stall: { uniformLoss: Math.log(256) } });
    assert.equal(known.rule, "stall");
    assert.ok(known.stopStep! <= 120, `stop ${known.stopStep}`);
    const unknown = backtestPoints(pts);
    assert.ok(!unknown.stopped || unknown.stopStep! >= 240, `unknown vocab stops at ${unknown.stopStep}`);
  });

  it("lets a far-too-high lr corroborate a sustained moderate rise without eval (divergence)", () => {
    const rise: TCurve = (t) => (t < 0.3 ? 1.5 - t : 1.2 * (1 + 0.2 * Math.min(1, (t - 0.3) / 0.1)));
    const high = backtestPoints(lrRun({ total: 200, logging: 5, lr: 2e-2, loss: rise, noise: 0.08, seed: 7 }));
    assert.equal(high.rule, "divergence", high.reason);
    assert.equal(high.verdict, "diverged");
    assert.match(high.reason, /far too high/);
    const normal = backtestPoints(lrRun({ total: 200, logging: 5, lr: 1e-4, loss: rise, noise: 0.08, seed: 7 }));
    assert.notEqual(normal.rule, "divergence", "a +20% rise at a normal lr is not enough for divergence");
  });

  it("needs three evaluations before an eval rule fires, even with patience 1", () => {
    const pts: TEnginePoint[] = [];
    [2.0, 2.2].forEach((v, i) => {
      const step = (i + 1) * 50;
      pts.push({ kind: "TRAIN", step, totalSteps: 400, loss: 2 - 0.001 * step, evalLoss: null });
      pts.push({ kind: "EVAL", step, totalSteps: 400, loss: null, evalLoss: v });
    });
    const cfg = { patience: { patience: 1, minStepsFrac: 0 } };
    assert.equal(backtestPoints(pts, cfg).stopped, false);
    pts.push({ kind: "TRAIN", step: 150, totalSteps: 400, loss: 1.85, evalLoss: null }, { kind: "EVAL", step: 150, totalSteps: 400, loss: null, evalLoss: 2.3 });
    assert.equal(backtestPoints(pts, cfg).rule, "patience");
  });
});

describe("bestCheckpointStep", () => {
  it("is the first save at or after the best step, capped at the final step", () => {
    assert.equal(bestCheckpointStep(200, 100, 900), 200);
    assert.equal(bestCheckpointStep(140, 100, 900), 200);
    assert.equal(bestCheckpointStep(880, 100, 900), 900);
    assert.equal(bestCheckpointStep(130, 0.1, 1000), 200);
    assert.equal(bestCheckpointStep(null, 100, 900), null);
    assert.equal(bestCheckpointStep(100, null, 900), null);
  });
});

describe("a run that ended very early", () => {
  it("is 'learning' (too early to judge), not 'converged', even with a flat curve", () => {
    const e = createEngine();
    // Killed at step 45 of 2850, loss flat since the start (still in warmup).
    for (let step = 5; step <= 45; step += 5) e.push({ kind: "TRAIN", step, totalSteps: 2850, loss: 1.2, evalLoss: null, lr: 1e-6 * step });
    const s = e.finish();
    assert.equal(s.verdict, "learning");
    assert.match(s.reason, /2% of its steps: too early to judge/);
  });
  it("a finished run whose loss fell and then flattened is 'converged'", () => {
    const e = createEngine();
    for (let step = 5; step <= 400; step += 5) e.push({ kind: "TRAIN", step, totalSteps: 400, loss: 1 + 2 * Math.exp(-step / 20), evalLoss: null, lr: 1e-4 });
    assert.equal(e.finish().verdict, "converged");
  });
});
