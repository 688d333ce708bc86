// The curves follow the hyperparameters the way the real runs in shared/fixtures/gpu-runs do.
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeSandbox, readLog, runCli, writeConfig, type TLine } from "./test-helpers.ts";

async function shape(overrides: Record<string, unknown>, seed = 42) {
  const sb = makeSandbox();
  try {
    writeConfig(sb, { seed, ...overrides });
    const r = await runCli(sb, ["train", "cfg.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = readLog(sb);
    const evals = lines.filter((l) => "eval_loss" in l).map((l) => Number(l.eval_loss));
    const train = lines.filter((l) => "loss" in l).map((l) => Number(l.loss));
    return { lines, evals, train };
  } finally { sb.cleanup(); }
}
const min = (xs: number[]) => Math.min(...xs);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

for (const seed of [42, 7]) {
  test(`healthy LoRA (lr 1e-4) converges, eval tracks slightly above train (seed ${seed})`, async () => {
    const { evals, train } = await shape({}, seed);
    assert.ok(evals.length >= 5);
    const best = min(evals);
    // Within the eval jitter of BASE_CONFIG's 50-sample validation set (σ ≈ 2% at full lr, less as it decays).
    assert.ok(evals.at(-1)! <= best * 1.03, `last eval ${evals.at(-1)} near its minimum ${best}`);
    assert.ok(evals.at(-1)! < evals[0]! * 0.92, "eval falls");
    assert.ok(mean(train.slice(-5)) < mean(train.slice(0, 3)) * 0.9, "train falls");
    assert.ok(mean(train.slice(-5)) < evals.at(-1)! * 1.05, "train ends at or below eval");
  });
}

test("overfit: many epochs on little data → eval minimum then ≥20% rise while train → ~0.02", async () => {
  const { evals, train } = await shape({ max_samples: 80, num_train_epochs: "12.0", val_size: 20, eval_steps: 10 });
  const iMin = evals.indexOf(min(evals));
  assert.ok(iMin > 0 && iMin < evals.length - 2, `minimum in the middle (at ${iMin} of ${evals.length})`);
  assert.ok(evals.at(-1)! >= min(evals) * 1.2, `final ${evals.at(-1)} ≥ +20% over ${min(evals)}`);
  assert.ok(train.at(-1)! < 0.08, `train ends near zero (${train.at(-1)})`);
});

test("diverge: lr 5e-2 (warmup) learns, then eval stays ≥10% above its minimum; no NaN", async () => {
  const { evals, train } = await shape({ learning_rate: "5.0e-2", lr_scheduler_type: "constant_with_warmup", warmup_ratio: 0.3, max_samples: 1000 });
  assert.ok(evals.every(Number.isFinite) && train.every(Number.isFinite));
  assert.ok(evals.at(-1)! >= min(evals) * 1.1, `final eval ${evals.at(-1)} vs min ${min(evals)}`);
  assert.ok(mean(train.slice(-8)) > min(train) * 1.1, "train rises above its minimum");
});

test("NaN: absurd lr (3.0) → bare NaN eval losses and loss 0.0 after the first window", async () => {
  const { evals, train, lines } = await shape({ learning_rate: "3.0", lr_scheduler_type: "constant", warmup_ratio: 0 });
  assert.ok(evals.length > 0 && evals.every(Number.isNaN));
  assert.ok(train[0]! > 5, `first window blows up (${train[0]})`);
  assert.ok(train.slice(1).every((l) => l === 0), "then exactly 0.0");
  assert.ok(lines.some((l: TLine) => Number.isNaN(Number(l.eval_loss))));
});

test("stalled: lr 1e-7 barely moves (<3% eval change)", async () => {
  const { evals } = await shape({ learning_rate: "1.0e-7", lr_scheduler_type: "constant", warmup_ratio: 0 });
  assert.ok(Math.abs(evals.at(-1)! - evals[0]!) / evals[0]! < 0.03);
});

test("lr column follows warmup + scheduler (linear decays to ~0, constant stays)", async () => {
  const lin = await shape({ lr_scheduler_type: "linear", warmup_ratio: 0.2, max_samples: 200 });
  const lrs = lin.lines.filter((l) => "lr" in l).map((l) => Number(l.lr));
  const peak = Math.max(...lrs);
  assert.ok(lrs[0]! < peak && lrs.at(-1)! < peak * 0.1 && peak <= 1e-4 + 1e-12);
  const con = await shape({ lr_scheduler_type: "constant", warmup_ratio: 0, max_samples: 200 });
  assert.ok(con.lines.filter((l) => "lr" in l).every((l) => Number(l.lr) === 1e-4));
});

test("same seed → same curve; another seed → different noise", async () => {
  const a = await shape({ max_samples: 200 }, 1), b = await shape({ max_samples: 200 }, 1), c = await shape({ max_samples: 200 }, 2);
  assert.deepEqual(a.train, b.train);
  assert.notDeepEqual(a.train, c.train);
});
