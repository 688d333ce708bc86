// HF's trainer_state.json (written at each checkpoint-N/ and at the end of training): its log_history
// carries what LLaMA-Factory's trainer_log.jsonl drops (grad_norm, eval_accuracy, per-dataset
// eval_<name>_loss, DPO/ORPO rewards/* and logps/*), and lets a truncated jsonl be completed.
// reference/llamafactory.md §2. NaN is written as a bare token, as in the jsonl.
import { z } from "zod";
import { parseRelaxedJson } from "./parse-relaxed-json";
import type { TParsedPoint } from "./types";
import { ZLooseNumber, ZStepInt } from "./zod-loose-number";

const num = ZLooseNumber.nullish();

const ZHistoryEntry = z.looseObject({
  step: ZStepInt,
  epoch: num,
  loss: num,
  eval_loss: num,
  grad_norm: num,
  learning_rate: num,
  reward: num,
});

const ZTrainerState = z.looseObject({
  global_step: ZStepInt.nullish(),
  max_steps: ZStepInt.nullish(),
  epoch: num,
  log_history: z.array(z.unknown()).default([]),
});

export type TStateEntry = {
  step: number;
  kind: "TRAIN" | "EVAL" | "SUMMARY";
  epoch: number | null;
  loss: number | null;
  evalLoss: number | null;
  lr: number | null;
  gradNorm: number | null;
  reward: number | null;
  accuracy: number | null;
  /** Every other numeric key (eval_accuracy, eval_<name>_loss, rewards/*, logps/*, train_*...). */
  extra: Record<string, number>;
};

export type TTrainerState = { globalStep: number | null; maxSteps: number | null; entries: TStateEntry[]; skipped: number };

const KNOWN = new Set(["step", "epoch", "loss", "eval_loss", "grad_norm", "learning_rate", "reward"]);

/** Parses trainer_state.json text; throws an Error naming the problem when it is not one. */
export function parseTrainerState(text: string): TTrainerState {
  let raw: unknown;
  try {
    raw = parseRelaxedJson(text);
  } catch (e) {
    throw new Error(`trainer_state.json: invalid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const top = ZTrainerState.safeParse(raw);
  if (!top.success) {
    throw new Error(`trainer_state.json: ${top.error.issues.map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ")}`);
  }
  const entries: TStateEntry[] = [];
  let skipped = 0;
  for (const item of top.data.log_history) {
    const e = ZHistoryEntry.safeParse(item);
    if (!e.success) { skipped++; continue; }
    const d = e.data;
    const extra: Record<string, number> = {};
    for (const [k, v] of Object.entries(d)) {
      if (KNOWN.has(k)) continue;
      const n = ZLooseNumber.safeParse(v);
      if (n.success) extra[k] = n.data;
    }
    const loss = d.loss ?? null;
    const evalLoss = d.eval_loss ?? null;
    const accuracy = extra["rewards/accuracies"] ?? null;
    entries.push({
      step: d.step, kind: loss !== null ? "TRAIN" : evalLoss !== null ? "EVAL" : "SUMMARY", epoch: d.epoch ?? null,
      loss, evalLoss, lr: d.learning_rate ?? null, gradNorm: d.grad_norm ?? null, reward: d.reward ?? null, accuracy, extra,
    });
  }
  return { globalStep: top.data.global_step ?? null, maxSteps: top.data.max_steps ?? null, entries, skipped };
}

/** Timing and token counters, not metrics worth a chart. */
const BOOKKEEPING = /^(train_|total_flos$|num_input_tokens_seen$|(eval|predict)_(runtime|samples_per_second|steps_per_second)$)/;

export type TMergeResult = {
  points: TParsedPoint[];
  /** Points added after the jsonl's last step (a truncated jsonl completed from the state). */
  added: number;
  /** Train points that got their grad_norm (or DPO accuracy) from the state. */
  gradNorms: number;
  /** Names of the metrics only the state carries (eval_accuracy, rewards/chosen, ...). */
  extraMetrics: string[];
};

/**
 * The jsonl's points completed from a trainer_state.json of the same run: grad_norm (and a DPO
 * accuracy) attached by step to the last segment's train points, and the entries after the jsonl's
 * last step appended (offsets past the end of the file, so they can never collide with a line's).
 * A state that is behind the jsonl (an older checkpoint, or PPO's global_step 0) adds nothing.
 */
export function mergeTrainerState(points: readonly TParsedPoint[], state: TTrainerState, fileBytes: number): TMergeResult {
  const out = points.slice();
  const segment = out.length ? out[out.length - 1]!.segment : 0;
  const byStep = new Map<number, TStateEntry>();
  for (const e of state.entries) if (e.kind === "TRAIN") byStep.set(e.step, e);
  let gradNorms = 0;
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    if (p.kind !== "TRAIN" || p.segment !== segment) continue;
    const e = byStep.get(p.step);
    if (!e) continue;
    const gradNorm = p.gradNorm ?? e.gradNorm;
    const accuracy = p.accuracy ?? e.accuracy;
    if (gradNorm !== p.gradNorm || accuracy !== p.accuracy) { out[i] = { ...p, gradNorm, accuracy }; gradNorms++; }
  }
  let lastStep = -1;
  let lastTrain = -1;
  let lastEval = -1;
  let lastLine = -1;
  let totalSteps: number | null = null;
  for (const p of points) {
    if (p.segment !== segment) continue;
    if (p.kind === "TRAIN") lastTrain = Math.max(lastTrain, p.step);
    else if (p.kind === "EVAL") lastEval = Math.max(lastEval, p.step);
    if (p.kind !== "SUMMARY") lastStep = Math.max(lastStep, p.step);
    lastLine = Math.max(lastLine, p.line);
    if (p.totalSteps !== null) totalSteps = p.totalSteps;
  }
  totalSteps = state.maxSteps ?? totalSteps;
  let added = 0;
  for (const e of state.entries) {
    // Only what comes after the jsonl's end, in log order (a train line and the eval of its step share it).
    if (e.kind === "SUMMARY" || e.step < lastStep || (e.kind === "TRAIN" ? e.step <= lastTrain : e.step <= lastEval)) continue;
    if (e.kind === "TRAIN") lastTrain = e.step; else lastEval = e.step;
    lastStep = e.step;
    out.push({
      offset: fileBytes + added, line: lastLine + 1 + added, kind: e.kind, segment, step: e.step, totalSteps, epoch: e.epoch,
      loss: e.loss, evalLoss: e.evalLoss, lr: e.lr, gradNorm: e.gradNorm, throughput: null, totalTokens: null,
      reward: e.reward, accuracy: e.accuracy, elapsedS: null, remainingS: null,
    });
    added++;
  }
  const names = new Set<string>();
  for (const e of state.entries) for (const k of Object.keys(e.extra)) if (!BOOKKEEPING.test(k)) names.add(k);
  return { points: out, added, gradNorms, extraMetrics: [...names].sort() };
}
