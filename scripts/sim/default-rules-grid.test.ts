// The default early-stop rules against the real simulator over a grid of configs: sensible fine-tunes
// must never be stopped (a false stop wastes a good run), bad ones must be stopped by the right rule.
// Every run is the real CLI writing a real trainer_log.jsonl, parsed by the real parser.
// FF_GRID_VERBOSE=1 prints one line per run (the table in the closing note).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fs from "node:fs";
import path from "node:path";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { backtestPoints, type TBacktestResult } from "@/lib/rules/backtest-points";
import { makeSandbox, runCli, writeConfig } from "./test-helpers.ts";

type TCfg = Record<string, string | number | boolean | undefined>;
type TCase = { name: string; cfg: TCfg; seed: number };

const STEP_SECONDS = "0.0002";
const CONCURRENCY = 4;
const VERBOSE = process.env.FF_GRID_VERBOSE === "1";

async function simulate(c: TCase): Promise<{ res: TBacktestResult; train: number[]; evals: number[] }> {
  const sb = makeSandbox(1);
  try {
    writeConfig(sb, { seed: c.seed, save_steps: 100000, ...c.cfg });
    const r = await runCli(sb, ["train", "cfg.yaml"], { SIM_STEP_SECONDS: STEP_SECONDS });
    assert.equal(r.code, 0, `${c.name}: simulator failed: ${r.stderr.slice(-400)}`);
    const bytes = fs.readFileSync(path.join(sb.cwd, "out", "trainer_log.jsonl"));
    const { points } = parseTrainerLog(bytes, 0, initialParserState());
    const res = backtestPoints(points);
    const train = points.flatMap((p) => (p.kind === "TRAIN" && p.loss !== null ? [p.loss] : []));
    const evals = points.flatMap((p) => (p.kind === "EVAL" && p.evalLoss !== null ? [p.evalLoss] : []));
    if (VERBOSE) {
      const f = (v: number | undefined) => (v === undefined ? "-" : v.toFixed(3));
      console.log(`${c.name.padEnd(58)} steps ${String(res.totalSteps).padStart(4)} stop ${String(res.stopStep ?? "-").padStart(4)} ` +
        `${(res.rule ?? "-").padEnd(11)} ${res.verdict.padEnd(12)} train ${f(train[0])}→${f(train.at(-1))} eval ${f(evals[0])}→${f(evals.at(-1))}`);
    }
    return { res, train, evals };
  } finally { sb.cleanup(); }
}

async function runAll<T>(cases: TCase[], fn: (c: TCase) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(cases.length);
  let next = 0;
  const worker = async () => { for (let i = next++; i < cases.length; i = next++) out[i] = await fn(cases[i]!); };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return out;
}

// Qwen2.5-7B-Instruct LoRA SFT on alpaca, as in LLaMA-Factory's examples; each case overrides a few keys.
const BASE: TCfg = {
  model_name_or_path: "Qwen/Qwen2.5-7B-Instruct", dataset: "alpaca_en_demo", lr_scheduler_type: "cosine", warmup_ratio: 0.1,
  val_size: 0.1, eval_strategy: "steps",
};
const noEval: TCfg = { val_size: undefined, eval_strategy: "no", eval_steps: undefined };

/** Sensible configs: lr 1e-5..3e-4, 1–3 epochs, tiny to large data, batch/accumulation and logging variations, with and without eval. */
const HEALTHY: { name: string; cfg: TCfg }[] = [
  // The reported bug: 45 steps, logging 2, eval 10.
  { name: "bug: 400 samples bs2×ga4 lr5e-5 1ep log2 eval10", cfg: { max_samples: 400, per_device_train_batch_size: 2, gradient_accumulation_steps: 4, learning_rate: "5.0e-5", num_train_epochs: "1.0", logging_steps: 2, eval_steps: 10 } },
  { name: "tiny: 100 samples bs1×ga4 lr1e-4 1ep log1 eval5", cfg: { max_samples: 100, per_device_train_batch_size: 1, gradient_accumulation_steps: 4, learning_rate: "1.0e-4", num_train_epochs: "1.0", logging_steps: 1, eval_steps: 5 } },
  { name: "tiny: 120 samples bs2×ga2 lr2e-5 2ep log1 no eval", cfg: { ...noEval, max_samples: 120, per_device_train_batch_size: 2, gradient_accumulation_steps: 2, learning_rate: "2.0e-5", num_train_epochs: "2.0", logging_steps: 1 } },
  { name: "small: 300 samples bs1×ga8 lr1e-5 1ep log1 eval10", cfg: { max_samples: 300, per_device_train_batch_size: 1, gradient_accumulation_steps: 8, learning_rate: "1.0e-5", num_train_epochs: "1.0", logging_steps: 1, eval_steps: 10 } },
  { name: "demo: 1000 samples bs2×ga8 lr1e-4 3ep log5 eval20", cfg: { max_samples: 1000, per_device_train_batch_size: 2, gradient_accumulation_steps: 8, learning_rate: "1.0e-4", num_train_epochs: "3.0", logging_steps: 5, eval_steps: 20 } },
  { name: "demo: 1000 samples bs4×ga2 lr1e-5 1ep log5 eval25", cfg: { max_samples: 1000, per_device_train_batch_size: 4, gradient_accumulation_steps: 2, learning_rate: "1.0e-5", num_train_epochs: "1.0", logging_steps: 5, eval_steps: 25 } },
  { name: "demo: 1000 samples bs8×ga1 lr3e-4 1ep log10 no eval", cfg: { ...noEval, max_samples: 1000, per_device_train_batch_size: 8, gradient_accumulation_steps: 1, learning_rate: "3.0e-4", num_train_epochs: "1.0", logging_steps: 10 } },
  { name: "demo: 1000 samples bs2×ga4 lr2e-4 2ep log10 eval50 linear", cfg: { max_samples: 1000, per_device_train_batch_size: 2, gradient_accumulation_steps: 4, learning_rate: "2.0e-4", num_train_epochs: "2.0", logging_steps: 10, eval_steps: 50, lr_scheduler_type: "linear" } },
  { name: "large: alpaca_en 4000 bs4×ga4 lr1e-4 1ep log10 eval50", cfg: { dataset: "alpaca_en", max_samples: 4000, per_device_train_batch_size: 4, gradient_accumulation_steps: 4, learning_rate: "1.0e-4", num_train_epochs: "1.0", logging_steps: 10, eval_steps: 50, val_size: 0.02 } },
  { name: "large: alpaca_en 4000 bs8×ga4 lr3e-5 3ep log5 eval50 const", cfg: { dataset: "alpaca_en", max_samples: 4000, per_device_train_batch_size: 8, gradient_accumulation_steps: 4, learning_rate: "3.0e-5", num_train_epochs: "3.0", logging_steps: 5, eval_steps: 50, val_size: 0.02, lr_scheduler_type: "constant_with_warmup" } },
  { name: "large: alpaca_en 3000 bs8×ga2 lr5e-5 2ep log3 no eval", cfg: { ...noEval, dataset: "alpaca_en", max_samples: 3000, per_device_train_batch_size: 8, gradient_accumulation_steps: 2, learning_rate: "5.0e-5", num_train_epochs: "2.0", logging_steps: 3 } },
];
const HEALTHY_SEEDS = [1, 2, 42];

/**
 * Bad configs and the rule that must stop them. A diverging run's eval loss also stops improving, so eval
 * patience may see it first (on the same or an earlier evaluation); either way the verdict must be
 * "diverged" so the advice says to lower the lr. Without eval only the divergence rule can catch it.
 */
const BAD: { name: string; cfg: TCfg; rules: string[]; verdict: string; seeds: number[] }[] = [
  { name: "diverge: lr 2e-2 warmup 0.3", rules: ["divergence", "patience"], verdict: "diverged", seeds: [1, 2],
    cfg: { max_samples: 1000, per_device_train_batch_size: 2, gradient_accumulation_steps: 4, learning_rate: "2.0e-2", num_train_epochs: "1.0", logging_steps: 5, eval_steps: 10, lr_scheduler_type: "constant_with_warmup", warmup_ratio: 0.3 } },
  { name: "diverge: lr 5e-2 warmup 0.3", rules: ["divergence", "patience"], verdict: "diverged", seeds: [3],
    cfg: { max_samples: 1000, per_device_train_batch_size: 2, gradient_accumulation_steps: 4, learning_rate: "5.0e-2", num_train_epochs: "2.0", logging_steps: 5, eval_steps: 20, lr_scheduler_type: "constant_with_warmup", warmup_ratio: 0.3 } },
  { name: "diverge: lr 5e-2 cosine warmup 0.1", rules: ["divergence", "patience"], verdict: "diverged", seeds: [1, 2],
    cfg: { max_samples: 1000, learning_rate: "5.0e-2", num_train_epochs: "1.0", logging_steps: 5, eval_steps: 10 } },
  { name: "diverge: lr 2e-2 warmup 0.3 no eval", rules: ["divergence"], verdict: "diverged", seeds: [1, 2],
    cfg: { ...noEval, max_samples: 1000, learning_rate: "2.0e-2", num_train_epochs: "1.0", logging_steps: 5, lr_scheduler_type: "constant_with_warmup", warmup_ratio: 0.3 } },
  { name: "NaN: lr 0.5 constant", rules: ["nonFinite"], verdict: "diverged", seeds: [1],
    cfg: { max_samples: 400, learning_rate: "0.5", lr_scheduler_type: "constant", warmup_ratio: 0, num_train_epochs: "1.0", logging_steps: 5, eval_steps: 10 } },
  { name: "NaN: lr 3.0 constant no eval", rules: ["nonFinite"], verdict: "diverged", seeds: [2],
    cfg: { ...noEval, max_samples: 400, learning_rate: "3.0", lr_scheduler_type: "constant", warmup_ratio: 0, num_train_epochs: "1.0", logging_steps: 5 } },
  { name: "stall: lr 1e-7 constant", rules: ["stall"], verdict: "stalled", seeds: [1, 2],
    cfg: { max_samples: 1000, learning_rate: "1.0e-7", lr_scheduler_type: "constant", warmup_ratio: 0, num_train_epochs: "1.0", logging_steps: 5, eval_steps: 20 } },
  { name: "stall: lr 3e-8 cosine no eval", rules: ["stall"], verdict: "stalled", seeds: [3],
    cfg: { ...noEval, max_samples: 1000, learning_rate: "3.0e-8", num_train_epochs: "1.0", logging_steps: 2 } },
  { name: "overfit: 80 samples × 12 epochs", rules: ["overfitting"], verdict: "overfitting", seeds: [1, 2],
    cfg: { max_samples: 80, val_size: 20, per_device_train_batch_size: 2, gradient_accumulation_steps: 4, learning_rate: "1.0e-4", num_train_epochs: "12.0", logging_steps: 5, eval_steps: 10 } },
  { name: "overfit: identity 91 × 20 epochs lr2e-4", rules: ["overfitting"], verdict: "overfitting", seeds: [3],
    cfg: { dataset: "identity", val_size: 0.15, per_device_train_batch_size: 2, gradient_accumulation_steps: 2, learning_rate: "2.0e-4", num_train_epochs: "20.0", logging_steps: 2, eval_steps: 10 } },
];

describe("default rules on simulated LLaMA-Factory runs", () => {
  it("never stop a sensible fine-tune (verdict converged / underfitting / learning)", async () => {
    const cases = HEALTHY.flatMap((h) => HEALTHY_SEEDS.map((seed) => ({ name: `${h.name} s${seed}`, cfg: { ...BASE, ...h.cfg }, seed })));
    const results = await runAll(cases, simulate);
    const bad = results.flatMap(({ res }, i) =>
      res.stopped || !["converged", "underfitting", "learning"].includes(res.verdict)
        ? [`${cases[i]!.name}: ${res.stopped ? `stopped at ${res.stopStep} by ${res.rule}` : "not stopped"}, verdict ${res.verdict}: ${res.reason}`] : []);
    assert.deepEqual(bad, []);
  });

  it("stop bad configs with the right rule", async () => {
    const cases = BAD.flatMap((b) => b.seeds.map((seed) => ({ name: `${b.name} s${seed}`, cfg: { ...BASE, ...b.cfg }, seed, want: b })));
    const results = await runAll(cases, simulate);
    const wrong = results.flatMap(({ res }, i) => {
      const w = cases[i]!.want;
      return res.stopped && w.rules.includes(res.rule ?? "") && res.verdict === w.verdict
        ? [] : [`${cases[i]!.name}: want ${w.rules.join("|")}/${w.verdict}, got ${res.stopped ? `stop at ${res.stopStep} by ${res.rule}` : "no stop"} / ${res.verdict}: ${res.reason}`];
    });
    assert.deepEqual(wrong, []);
  });
});
