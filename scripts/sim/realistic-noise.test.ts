// The simulator is as noisy as real runs: eval jitter that grows as the validation set shrinks, the
// epoch-boundary staircase of a multi-epoch run on small data, and HF's logging_nan_inf_filter.
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeSandbox, readLog, runCli, writeConfig, type TLine } from "./test-helpers.ts";

async function simulate(overrides: Record<string, unknown>): Promise<TLine[]> {
  const sb = makeSandbox(1);
  try {
    writeConfig(sb, { save_steps: 100000, ...overrides });
    const r = await runCli(sb, ["train", "cfg.yaml"], { SIM_STEP_SECONDS: "0.0002" });
    assert.equal(r.code, 0, r.stderr);
    return readLog(sb);
  } finally { sb.cleanup(); }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Relative eval jitter per evaluation: each eval against the mean of its neighbours (removes the trend). */
function evalJitter(lines: TLine[]): number {
  const ev = lines.filter((l) => "eval_loss" in l).map((l) => Number(l.eval_loss));
  const r: number[] = [];
  for (let i = Math.floor(ev.length / 3); i < ev.length - 1; i++) r.push((ev[i]! - (ev[i - 1]! + ev[i + 1]!) / 2) / ev[i]!);
  return Math.sqrt(mean(r.map((x) => x * x)) / 1.5);
}

test("eval jitter is a few percent on a small validation set and shrinks as it grows", async () => {
  const cfg = { dataset: "alpaca_en", learning_rate: "1.0e-4", lr_scheduler_type: "constant", warmup_ratio: 0, num_train_epochs: "1.0", eval_steps: 5 };
  const jit = async (n: number, seed: number) => evalJitter(await simulate({ ...cfg, seed, max_samples: 1000 + n, val_size: n }));
  const small = mean([await jit(20, 1), await jit(20, 2)]);
  const large = mean([await jit(2000, 1), await jit(2000, 2)]);
  assert.ok(small >= 0.012 && small <= 0.06, `20-sample val set: ${(small * 100).toFixed(2)}% per eval`);
  assert.ok(large < 0.008, `2000-sample val set: ${(large * 100).toFixed(2)}% per eval`);
  assert.ok(small > 2.5 * large, `small ${small} vs large ${large}`);
});

test("eval jitter fades as the lr decays to zero (the weights stop moving)", async () => {
  const rel = (a: number[]) => Math.sqrt(mean(a.slice(1, -1).map((e, i) => ((e - (a[i]! + a[i + 2]!) / 2) / e) ** 2)));
  const late: number[] = [], mid: number[] = [];
  for (const seed of [1, 2, 3, 4]) {
    const lines = await simulate({ seed, dataset: "alpaca_en", max_samples: 1020, val_size: 20, learning_rate: "1.0e-4", lr_scheduler_type: "linear", warmup_ratio: 0, num_train_epochs: "1.0", eval_steps: 4 });
    const ev = lines.filter((l) => "eval_loss" in l).map((l) => Number(l.eval_loss));
    const n = ev.length;
    late.push(rel(ev.slice(-Math.floor(n / 4))));
    mid.push(rel(ev.slice(Math.floor(n / 5), Math.floor(n / 2))));
  }
  assert.ok(mean(late) < 0.75 * mean(mid), `last quarter ${mean(late)} vs 20–50% of the run ${mean(mid)}`);
});

test("multi-epoch run on small data: flat within each epoch, a drop at each boundary, driven towards 0", async () => {
  // 80 samples, batch 8: 10 optimizer steps per epoch, a train line every step.
  const lines = await simulate({ seed: 5, max_samples: 80, val_size: undefined, eval_strategy: "no", eval_steps: undefined, num_train_epochs: "8.0", logging_steps: 1, lr_scheduler_type: "constant_with_warmup", warmup_ratio: 0.05 });
  const train = lines.filter((l) => "loss" in l);
  const byEpoch: number[][] = [];
  for (const l of train) (byEpoch[Math.ceil(Number(l.epoch) - 1e-9) - 1] ??= []).push(Number(l.loss));
  assert.equal(byEpoch.length, 8);
  for (let k = 2; k <= 5; k++) {
    const cur = byEpoch[k]!, prev = byEpoch[k - 1]!;
    const drop = mean(prev) - mean(cur);
    const within = Math.abs(mean(cur.slice(0, 5)) - mean(cur.slice(5)));
    assert.ok(drop > 0.1 * mean(prev), `epoch ${k + 1} drops at its start (${mean(prev).toFixed(3)} → ${mean(cur).toFixed(3)})`);
    assert.ok(within < 0.25 * drop, `epoch ${k + 1} is flat inside (halves differ by ${within.toFixed(3)}, boundary drop ${drop.toFixed(3)})`);
  }
  assert.ok(mean(byEpoch[7]!) < 0.05, `memorised: last epoch at ${mean(byEpoch[7]!).toFixed(3)}`);
});

test("logging_nan_inf_filter: false logs the NaN itself, for every later window too", async () => {
  const lines = await simulate({ seed: 2, learning_rate: "3.0", lr_scheduler_type: "constant", warmup_ratio: 0, logging_nan_inf_filter: false, max_samples: 200, num_train_epochs: "1.0" });
  const train = lines.filter((l) => "loss" in l).map((l) => Number(l.loss));
  assert.ok(train.length > 3);
  assert.ok(train.every((l) => Number.isNaN(l)), `all NaN: ${train.slice(0, 4).join(", ")}`);
});

test("logging_nan_inf_filter (default): the window that blows up logs a huge finite loss, every all-NaN window exactly 0.0", async () => {
  for (const [seed, logging] of [[1, 5], [4, 1], [6, 3]] as const) {
    const lines = await simulate({ seed, learning_rate: "3.0", lr_scheduler_type: "constant", warmup_ratio: 0, logging_steps: logging, max_samples: 200, num_train_epochs: "1.0" });
    const train = lines.filter((l) => "loss" in l).map((l) => Number(l.loss));
    const firstZero = train.indexOf(0);
    assert.ok(firstZero >= 1, `seed ${seed}: a 0.0 after the blow-up (${train.slice(0, 4).join(", ")})`);
    assert.ok(train.slice(0, firstZero).every(Number.isFinite) && Math.max(...train.slice(0, firstZero)) > 20, `seed ${seed}: the blow-up is logged finite and large`);
    assert.ok(train.slice(firstZero).every((l) => l === 0), `seed ${seed}: then exactly 0.0`);
  }
});
