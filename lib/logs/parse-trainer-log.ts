// Incremental parser for LLaMA-Factory's trainer_log.jsonl (reference/llamafactory.md §1, §8, §9).
// Works on raw bytes so the byte offsets we store (the points' unique keys and the poller's resume
// position) stay right with multi-byte UTF-8; only complete lines are parsed, a partial last line is
// left for the next poll.
import { z } from "zod";
import { parseDuration } from "./parse-duration";
import { parseRelaxedJson } from "./parse-relaxed-json";
import type { TIngestWarning, TParsedPoint, TParserState, TParseResult } from "./types";
import { ZLooseNumber, ZStepInt } from "./zod-loose-number";

const opt = ZLooseNumber.nullish();

// LogCallback's keys; `learning_rate` is the pre-v0.9.1 name of `lr`. 2023-24 writers put every key
// on every line with null where absent (eval_loss, predict_loss, reward, accuracy). Unknown keys
// (predict_loss, vram_*) are allowed and ignored.
const ZLfLine = z.looseObject({
  current_steps: ZStepInt,
  total_steps: ZStepInt.nullish(),
  loss: opt,
  eval_loss: opt,
  lr: opt,
  learning_rate: opt,
  epoch: opt,
  throughput: opt,
  total_tokens: opt,
  reward: opt,
  accuracy: opt,
  elapsed_time: z.string().nullish(),
  remaining_time: z.string().nullish(),
});

// Experimental USE_V1=1 logging callback: different keys, grad_norm included.
const ZV1Line = z.looseObject({
  step: ZStepInt,
  total_steps: ZStepInt.nullish(),
  loss: opt,
  grad_norm: opt,
  learning_rate: opt,
  epoch: opt,
});

export const initialParserState = (): TParserState => ({
  segment: 0, lastStep: null, nextLine: 0, totalSteps: null, maxTrainStep: null, maxEvalStep: null,
  lastElapsedS: null, duplicates: 0,
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join(".") : "line"}: ${i.message}`)
    .join("; ");
}

export type TPointBody = Omit<TParsedPoint, "offset" | "line" | "segment">;
type TLineOutcome = { point: TPointBody } | { error: string };

function durationField(name: string, value: string | null | undefined, notes: string[]): number | null {
  if (value == null) return null;
  const s = parseDuration(value);
  if (s === null) notes.push(`${name}: unrecognised duration ${JSON.stringify(value)}`);
  return s;
}

type TLfData = z.infer<typeof ZLfLine>;

const NUMERIC_KEYS = ["loss", "eval_loss", "lr", "learning_rate", "epoch", "throughput", "total_tokens", "reward", "accuracy"] as const;

/**
 * The shape almost every real line has (plain numbers, string times), checked by hand: zod's
 * per-field preprocess costs ~8 µs a line, too slow for 100k lines/s. Anything else (numeric strings,
 * nulls, wrong types) goes through ZLfLine, which also words the error. Accepts a strict subset of ZLfLine.
 */
function fastLfShape(o: Record<string, unknown>): o is TLfData {
  const cs = o.current_steps;
  if (typeof cs !== "number" || !Number.isSafeInteger(cs) || cs < 0) return false;
  const ts = o.total_steps;
  if (ts !== undefined && (typeof ts !== "number" || !Number.isSafeInteger(ts) || ts < 0)) return false;
  for (const k of NUMERIC_KEYS) {
    const v = o[k];
    if (v !== undefined && v !== null && typeof v !== "number") return false;
  }
  const ts2 = o.total_steps;
  const e = o.elapsed_time;
  const r = o.remaining_time;
  return ts2 !== null && (e === undefined || typeof e === "string") && (r === undefined || typeof r === "string");
}

function lfPoint(d: TLfData, notes: string[]): TPointBody {
  const loss = d.loss ?? null;
  const evalLoss = d.eval_loss ?? null;
  // Mid-2024 LLaMA-Factory wrote "throughput": "0.00" and total_tokens 0 when tokens were not
  // counted: placeholders, not a measured zero.
  const tokens = d.total_tokens ?? null;
  const placeholder = tokens === 0;
  return {
    kind: loss !== null ? "TRAIN" : evalLoss !== null ? "EVAL" : "SUMMARY",
    step: d.current_steps,
    totalSteps: d.total_steps ?? null,
    epoch: d.epoch ?? null,
    loss,
    evalLoss,
    lr: d.lr ?? d.learning_rate ?? null,
    gradNorm: null,
    throughput: placeholder && d.throughput === 0 ? null : d.throughput ?? null,
    totalTokens: placeholder ? null : tokens,
    reward: d.reward ?? null,
    accuracy: d.accuracy ?? null,
    elapsedS: durationField("elapsed_time", d.elapsed_time, notes),
    remainingS: durationField("remaining_time", d.remaining_time, notes),
  };
}

function interpretLine(text: string, notes: string[]): TLineOutcome {
  let raw: unknown;
  try {
    raw = parseRelaxedJson(text);
  } catch (e) {
    return { error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { error: "expected a JSON object" };
  }
  const obj = raw as Record<string, unknown>;
  if (fastLfShape(obj)) return { point: lfPoint(obj, notes) };
  if (!("current_steps" in obj) && "step" in obj) {
    const v1 = ZV1Line.safeParse(obj);
    if (!v1.success) return { error: describeIssues(v1.error) };
    const d = v1.data;
    return {
      point: {
        kind: d.loss != null ? "TRAIN" : "SUMMARY",
        step: d.step, totalSteps: d.total_steps ?? null, epoch: d.epoch ?? null,
        loss: d.loss ?? null, evalLoss: null, lr: d.learning_rate ?? null, gradNorm: d.grad_norm ?? null,
        throughput: null, totalTokens: null, reward: null, accuracy: null, elapsedS: null, remainingS: null,
      },
    };
  }
  const r = ZLfLine.safeParse(obj);
  if (!r.success) return { error: describeIssues(r.error) };
  return { point: lfPoint(r.data, notes) };
}

/**
 * Every point gets the same object shape, built in one literal: the store encodes points field by
 * field, and mixed shapes (fields added later, spreads) made those reads ~10x slower.
 */
export function toPoint(b: TPointBody, offset: number, line: number, segment: number): TParsedPoint {
  return {
    offset, line, kind: b.kind, segment, step: b.step, totalSteps: b.totalSteps, epoch: b.epoch, loss: b.loss,
    evalLoss: b.evalLoss, lr: b.lr, gradNorm: b.gradNorm, throughput: b.throughput, totalTokens: b.totalTokens,
    reward: b.reward, accuracy: b.accuracy, elapsedS: b.elapsedS, remainingS: b.remainingS,
  };
}

/** Below this many seconds of expected elapsed time the 1 s clock cannot tell two writers from a restart. */
const CLOCK_RESOLUTION_S = 10;

/**
 * Whether a line whose step went backwards (or repeats) starts a resume rather than being a second
 * writer's copy. A resume restarts LLaMA-Factory's clock (start_time resets in on_train_begin), so its
 * elapsed_time is far below what the run's clock says at that step (last elapsed / last step × step);
 * a second writer on the same output_dir (a second node on a shared filesystem, a second process) logs
 * the same steps on about the same clock, even when it lags tens of steps behind. Only the step and
 * elapsed time of the last kept line are used, both persisted on the Run row, so a restarted worker
 * decides exactly as an uninterrupted one. Too early for the clock to tell, a step going backwards is a
 * resume (the old rule).
 */
function isResume(b: TPointBody, st: TParserState): boolean {
  const last = st.lastElapsedS ?? null;
  if (b.elapsedS === null || last === null || st.lastStep === null || st.lastStep <= 0) return b.step < (st.lastStep ?? 0);
  // A restarted clock reads less than before; the same or a later reading is the same run.
  if (b.elapsedS >= last) return false;
  const expected = (Math.max(0, b.step) * Math.max(0, last)) / st.lastStep;
  if (expected < CLOCK_RESOLUTION_S) return b.step < st.lastStep;
  return b.elapsedS < 0.5 * expected;
}

/**
 * Parse the complete lines of `chunk`, which starts at byte `baseOffset` of the file.
 * A malformed line becomes a warning (with its byte offset) and parsing continues.
 *
 * Besides classifying lines this keeps the curve one point per step and kind:
 * - a final evaluation (or prediction) after training logs its eval-loop counters as
 *   current_steps/total_steps (`8/8` after `720/720`): such a line belongs to the last training step
 *   and changes neither the step nor the total;
 * - a step going backwards with elapsed_time reset is a resume (new segment; the resumed lines win);
 * - otherwise a line at or below the highest step already kept for its kind is a second writer's
 *   duplicate: dropped, with one warning per file.
 */
export function parseTrainerLog(chunk: Buffer | string, baseOffset: number, state: TParserState): TParseResult {
  const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
  const points: TParsedPoint[] = [];
  const warnings: TIngestWarning[] = [];
  const st: TParserState = { ...initialParserState(), ...state };
  let start = 0;
  const notes: string[] = [];
  for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
    const offset = baseOffset + start;
    const line = st.nextLine++;
    const text = buf.toString("utf8", start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl);
    start = nl + 1;
    if (text.charCodeAt(0) !== 123 /* { */ && text.trim() === "") continue;
    const outcome = interpretLine(text, notes);
    if (notes.length > 0) {
      for (const message of notes) warnings.push({ offset, line, message });
      notes.length = 0;
    }
    if ("error" in outcome) {
      warnings.push({ offset, line, message: outcome.error });
      continue;
    }
    const b = outcome.point;
    // Eval-loop counters: a non-train line with another total than the training's, once there is one.
    // Without a total, such a line still shows itself: its step goes backwards while the clock runs on
    // (a resume restarts the clock; a lagging second writer's clock is behind).
    const laterClock = b.elapsedS !== null && st.lastElapsedS != null && b.elapsedS >= st.lastElapsedS;
    if (b.kind !== "TRAIN" && st.lastStep !== null &&
      ((st.totalSteps != null && b.totalSteps !== null && b.totalSteps !== st.totalSteps) || (b.step < st.lastStep && laterClock))) {
      b.step = st.lastStep;
      b.totalSteps = st.totalSteps ?? b.totalSteps;
    }
    const backwards = st.lastStep !== null && b.step < st.lastStep;
    const repeat = !backwards && ((b.kind === "TRAIN" && st.maxTrainStep != null && b.step <= st.maxTrainStep) ||
      (b.kind === "EVAL" && st.maxEvalStep != null && b.step <= st.maxEvalStep));
    if (backwards || repeat) {
      const timed = b.elapsedS !== null && st.lastElapsedS != null;
      if (isResume(b, st)) {
        st.segment++;
        st.lastStep = null;
        st.maxTrainStep = null;
        st.maxEvalStep = null;
      } else if (timed) {
        if ((st.duplicates ?? 0) === 0) {
          warnings.push({ offset, line, message: `step ${b.step} logged again after step ${st.lastStep} on the same clock: ` +
            "a second writer of this trainer_log.jsonl (multi-node on a shared filesystem, or two processes on one output_dir); duplicate lines are skipped" });
        }
        st.duplicates = (st.duplicates ?? 0) + 1;
        continue;
      }
    }
    if (b.kind === "TRAIN") { st.maxTrainStep = b.step; if (b.totalSteps !== null) st.totalSteps = b.totalSteps; }
    else if (b.kind === "EVAL") st.maxEvalStep = b.step;
    if (st.totalSteps == null && b.totalSteps !== null) st.totalSteps = b.totalSteps;
    if (b.elapsedS !== null) st.lastElapsedS = b.elapsedS;
    st.lastStep = st.lastStep === null ? b.step : Math.max(st.lastStep, b.step);
    points.push(toPoint(b, offset, line, st.segment));
  }
  return { points, warnings, state: st, consumedBytes: start };
}
