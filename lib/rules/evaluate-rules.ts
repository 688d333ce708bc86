// Each rule looks at the RunState after a point and returns a plain-words reason when it fires.
// Rules are checked in RULE_ORDER; the engine latches each one so it fires at most once.
import type { TRuleName, TRulesConfig } from "./config";
import { fmtLoss, fmtPct } from "./format";
import type { RunState } from "./run-state";
import type { TEnginePoint } from "./types";

type TRuleCheck = (s: RunState, p: TEnginePoint, cfg: TRulesConfig) => string | null;

const stepsSince = (s: RunState, step: number | null, frac: number): boolean =>
  step === null || s.lastStep === null || !s.totalSteps || s.lastStep - step >= frac * s.totalSteps;

// Minimum evidence before a trend rule may fire (non-finite losses need none: they stop at once).
// Train-loss rules read the EMA only once it spans a full smoothing window (before that it is close to
// the raw, noisy values); eval-loss rules need a few evaluations (two points make a line, not a trend);
// rules about "how far into the run" need total_steps; each rule adds its own share of the run.
/** Evaluations before any eval-trend rule (patience, overfitting, eval divergence) may fire. */
export const MIN_EVALS = 3;
const enoughEvals = (s: RunState): boolean => s.evalValues.length >= MIN_EVALS;
const enoughTrain = (s: RunState): boolean => s.window > 0 && s.trainSmooth.length >= s.window;

const nonFinite: TRuleCheck = (s) => {
  const e = s.nonFinite;
  if (!e) return null;
  return `${e.what} at step ${e.step}: the run has blown up (numeric overflow/NaN); nothing after this point is training`;
};

/**
 * With an lr far too high, a noisy loss that wanders back up may never sit above the noise-widened
 * margin for trainPoints points in a row; its level over two smoothing windows, all after the best,
 * at least highLrTrainRatio above the best is the same instability seen through the noise.
 */
export function sustainedHighLrLevel(s: RunState, cfg: TRulesConfig): number | null {
  const best = s.bestSmooth;
  const level = s.sustainedSince(2 * s.window);
  return best !== null && best > 0 && level !== null && level >= best * (1 + cfg.divergence.highLrTrainRatio) &&
    level - best >= cfg.divergence.trainMinAbsRise ? level : null;
}

const lrNote = (s: RunState): string => ` at a peak lr of ${Number(s.peakLr!.toPrecision(3))}, far too high for fine-tuning`;

const divergence: TRuleCheck = (s, p, cfg) => {
  const c = cfg.divergence;
  const now = s.trainNow;
  const best = s.bestSmooth;
  const highLr = s.lrFarTooHigh;
  // PPO's loss may rise while the policy improves: only its reward (and eval, if any) can say it diverged.
  if (p.kind === "TRAIN" && !s.isPpo && now !== null && best !== null && best > 0 && enoughTrain(s)) {
    const far = now > best * 3 && now - best >= c.trainMinAbsRise;
    if (far || s.trainAboveCount >= c.trainPoints || (highLr && s.trainAboveCountHighLr >= c.trainPoints)) {
      return `smoothed train loss is ${fmtLoss(now)}, ${fmtPct(now / best - 1)} above its best ${fmtLoss(best)} ` +
        `(step ${s.bestSmoothStep})${highLr && !far ? lrNote(s) : ""}: training has become unstable`;
    }
    const level = highLr ? sustainedHighLrLevel(s, cfg) : null;
    if (level !== null) {
      return `smoothed train loss has averaged ${fmtLoss(level)} over the last ${2 * s.window} logged points, ` +
        `${fmtPct(level / best - 1)} above its best ${fmtLoss(best)} (step ${s.bestSmoothStep})${lrNote(s)}: training has become unstable`;
    }
  }
  const count = highLr ? Math.max(s.evalAboveCount, s.evalAboveCountHighLr) : s.evalAboveCount;
  if (p.kind === "EVAL" && enoughEvals(s) && count >= c.evalCount) {
    const trainAtBest = s.bestEvalTrain;
    const improving = now !== null && trainAtBest !== null && now < trainAtBest * (1 - c.trainImproveTol);
    if (!improving) {
      const trainNote = now !== null && trainAtBest !== null
        ? ` while train loss no longer improves (${fmtLoss(trainAtBest)} then, ${fmtLoss(now)} now)` : "";
      const ratio = highLr ? c.evalRatio : s.evalJumpRatio;
      return `eval loss has been over ${Math.round(ratio * 100)}% above its minimum ${fmtLoss(s.bestEval)} ` +
        `(step ${s.bestEvalStep}) for ${count} evaluations; it is now ${fmtLoss(s.lastEval)} ` +
        `(${fmtPct(s.lastEval! / s.bestEval! - 1)})${trainNote}${highLr ? lrNote(s) : ""}`;
    }
  }
  return null;
};

const overfitting: TRuleCheck = (s, p, cfg) => {
  const c = cfg.overfitting;
  if (p.kind !== "EVAL" || !enoughEvals(s) || !enoughTrain(s) || s.evalsSinceBest < c.evals) return null;
  const best = s.bestEval!;
  const last = s.lastEval!;
  const now = s.trainNow;
  const then = s.bestEvalTrain;
  if (!(best > 0) || last < best * (1 + c.minRise + 2 * s.evalNoise) || last - best < c.minAbsRise) return null;
  if (now === null || then === null || !(then > 0) || now > then * (1 - c.minTrainDrop)) return null;
  if (!stepsSince(s, s.bestEvalStep, c.minStepsFrac)) return null;
  return `eval loss has risen for ${s.evalsSinceBest} evaluations since its minimum at step ${s.bestEvalStep} ` +
    `(${fmtLoss(best)}); it is now ${fmtLoss(last)} (${fmtPct(last / best - 1)}) while the smoothed train loss ` +
    `kept falling (${fmtLoss(then)} → ${fmtLoss(now)}, ${fmtPct(now / then - 1)}): the model is memorising the training set`;
};

const spike: TRuleCheck = (s, p) => {
  const e = s.spike;
  if (!e || p.kind !== "TRAIN" || p.step !== e.step) return null;
  return `train loss jumped to ${fmtLoss(e.loss)} at step ${e.step}, ${Number((e.loss / e.before).toPrecision(3))}× its smoothed level ` +
    `${fmtLoss(e.before)}: a blow-up often starts like this (NaN or a 0.0 loss may follow)`;
};

const patience: TRuleCheck = (s, p, cfg) => {
  const c = cfg.patience;
  if (p.kind !== "EVAL" || !enoughEvals(s) || s.patienceWait < c.patience) return null;
  if (!stepsSince(s, s.patienceBestStep, c.minStepsFrac)) return null;
  const margin = c.minDeltaRel > 0 || c.minDelta > 0
    ? ` by more than ${c.minDeltaRel > 0 ? `${+(c.minDeltaRel * 100).toPrecision(3)}%` : ""}` +
      `${c.minDeltaRel > 0 && c.minDelta > 0 ? " / " : ""}${c.minDelta > 0 ? String(c.minDelta) : ""}`
    : "";
  return `eval loss has not improved${margin} for ${s.patienceWait} evaluations since step ${s.patienceBestStep} ` +
    `(${fmtLoss(s.patienceBest)}); it is now ${fmtLoss(s.lastEval)}`;
};

export type TStall = { train: number; eval: number | null; threshold: number; evidence: string };

/**
 * Whether the run has stalled, with the numbers that show it; null while it has not (or while there is
 * not enough evidence to say).
 *
 * "The loss hardly moves" is weak evidence on its own. Fine-tuning a pretrained model starts at a low
 * loss (~1–2 nats/token) and gains only 10–40% over a whole run, most of it in a fast early drop that a
 * low-but-sane lr (1e-5 with LoRA, 5e-6 full) spreads over the whole run, and with small batches the
 * per-step noise (±10–20%) is larger than the progress of the first quarter. So:
 * - Corroborated (peak lr below lrFarTooLow, ~1e-6, which is far too low for any LLM fine-tune; or a loss
 *   still at the uniform-guess level of a from-scratch model, like the fixtures' dev-stalled at ln 256
 *   with lr 3e-8): less than minRelImprovement (5%) after minFrac (25%) of the run is enough. The level
 *   now is the current EMA, not its minimum: a minimum of a noisy curve always looks like progress.
 *   (DPO at 5e-7 is below the bar, but its loss leaves ln 2 fast, so the improvement test keeps it running.)
 * - Otherwise (normal or unknown lr): essentially no progress at all late in the run: after
 *   minFracNormalLr (60%), neither the best smoothed train loss vs the start, nor the trend over the
 *   last quarter, nor the eval loss improved by maxRelImprovementNormalLr (1%), and the last two
 *   evaluations brought no new best (a slow, steady decline is progress). Here the best smoothed value
 *   is used: its downward bias only makes the rule more reluctant.
 * Both need the starting level (a full smoothing window) plus at least one more window after it.
 */
export function stallCheck(s: RunState, cfg: TRulesConfig): TStall | null {
  const c = cfg.stall;
  if (s.isPpo) return null;
  const prog = s.progress;
  const start = s.startLoss;
  const now = s.trainNow;
  const best = s.bestSmooth;
  if (prog === null || start === null || now === null || best === null || !(start > 0)) return null;
  const first = s.evalValues[0];
  const evalImp = s.evalValues.length >= 2 && first !== undefined && first > 0 ? (first - s.bestEval!) / first : null;
  const n = s.trainSmooth.length;

  const lrLow = s.peakLr !== null && s.peakLr < c.lrFarTooLow;
  const atUniform = c.uniformLoss > 0 && now >= 0.9 * c.uniformLoss;
  if (lrLow || atUniform) {
    if (prog < c.minFrac || n < s.startWindow + s.window) return null;
    const trainImp = (start - now) / start;
    if (trainImp >= c.minRelImprovement || (evalImp !== null && evalImp >= c.minRelImprovement)) return null;
    const evidence = lrLow
      ? `peak lr ${Number(s.peakLr!.toPrecision(3))} is far too low for fine-tuning (below ${c.lrFarTooLow})`
      : `the loss is still at the level of a uniform guess (${fmtLoss(c.uniformLoss)})`;
    return { train: trainImp, eval: evalImp, threshold: c.minRelImprovement, evidence };
  }

  const max = c.maxRelImprovementNormalLr;
  if (prog < c.minFracNormalLr || n < s.startWindow + 2 * s.window) return null;
  const trainImp = (start - best) / start;
  if (trainImp >= max || (evalImp !== null && evalImp >= max)) return null;
  const trend = trainTrend(s, 0.25);
  if (!trend || trend.improvement >= max) return null;
  // A run that evaluates must show it with enough evaluations, and a slow but steady eval decline
  // (each evaluation a new best) is progress, however small.
  if (s.evalValues.length > 0 && (s.evalValues.length < MIN_EVALS || s.patienceWait < 2)) return null;
  const lrNote = s.peakLr !== null ? ` at a normal peak lr (${Number(s.peakLr.toPrecision(3))})` : "";
  return { train: trainImp, eval: evalImp, threshold: max, evidence: `no progress at all${lrNote}` };
}

const stall: TRuleCheck = (s, _p, cfg) => {
  const g = stallCheck(s, cfg);
  if (!g) return null;
  const evalNote = g.eval !== null
    ? ` and eval loss only ${(g.eval * 100).toFixed(1)}% below its first value ${fmtLoss(s.evalValues[0]!)}` : "";
  return `after ${Math.round((s.progress ?? 0) * 100)}% of the run (step ${s.lastStep}) the smoothed train loss is ` +
    `${(g.train * 100).toFixed(1)}% below its start ${fmtLoss(s.startLoss)}${evalNote}, and ${g.evidence}: ` +
    `the loss hardly moves (learning rate far too low?)`;
};

/** Relative improvement of the smoothed train loss over the trailing window, or null if too early. */
export function trainTrend(s: RunState, windowFrac: number): { improvement: number; from: number; to: number; points: number } | null {
  const n = s.trainSmooth.length;
  const k = Math.max(2 * s.window, Math.round(windowFrac * n));
  if (n <= k) return null;
  const then = s.smoothAgo(k)!;
  const now = s.trainNow!;
  if (!(then.value > 0)) return null;
  return { improvement: (then.value - now) / then.value, from: then.step, to: s.lastStep ?? then.step, points: k };
}

const plateau: TRuleCheck = (s, p, cfg) => {
  const c = cfg.plateau;
  if (p.kind !== "TRAIN" || s.isPpo || !enoughTrain(s) || (c.onlyWithoutEval && s.evalValues.length > 0)) return null;
  const prog = s.progress;
  if (prog === null || prog < c.minFrac) return null;
  const t = trainTrend(s, c.windowFrac);
  if (!t || t.improvement >= c.maxRelImprovement) return null;
  return `train loss improved only ${(t.improvement * 100).toFixed(1)}% over the last ${t.points} logged points ` +
    `(steps ${t.from}–${t.to}); it is flat at ${fmtLoss(s.trainNow)}`;
};

export const RULE_CHECKS: Record<TRuleName, TRuleCheck> = { nonFinite, spike, divergence, overfitting, patience, stall, plateau };
