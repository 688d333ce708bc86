// The run's state in the vocabulary, from the curves (independent of which rules are on).
// Scale-invariant: every comparison is a relative change; windows are shares of the evals / logged
// points so far.
import type { TRulesConfig } from "./config";
import { stallCheck, sustainedHighLrLevel, trainTrend } from "./evaluate-rules";
import { fmtLoss, fmtPct } from "./format";
import type { RunState } from "./run-state";
import type { TVerdict } from "./types";

/** Relative improvement that still counts as "falling" over the trailing window. */
const STILL_FALLING = 0.02;
/** Train loss must have fallen this much since the best eval for a rising eval to read as overfitting. */
const TRAIN_FELL = 0.02;
/** Runs this young (live, or ended this early) are "learning" unless a rule fired. */
const YOUNG = 0.15;

export type TClassification = { verdict: TVerdict; why: string };

function evalWindowImprovement(s: RunState): { improvement: number; evals: number } {
  const v = s.evalValues;
  const n = v.length;
  const k = Math.max(3, Math.ceil(0.25 * n));
  if (n <= k) return { improvement: (v[0]! - s.bestEval!) / Math.abs(v[0]!), evals: n };
  let before = Infinity;
  for (let i = 0; i < n - k; i++) before = Math.min(before, v[i]!);
  let recent = Infinity;
  for (let i = n - k; i < n; i++) recent = Math.min(recent, v[i]!);
  return { improvement: (before - recent) / Math.abs(before), evals: k };
}

export function classifyRun(s: RunState, cfg: TRulesConfig, final: boolean): TClassification {
  if (s.lastStep !== null && s.prevRawLoss === null && s.evalValues.length === 0 && !s.nonFinite) {
    return { verdict: "not-judgeable", why: "the log has no train or eval loss (a predict-only run, or only the final summary line): nothing to judge" };
  }
  if (s.nonFinite) return { verdict: "failed", why: `${s.nonFinite.what} at step ${s.nonFinite.step}` };
  const now = s.trainNow;
  const best = s.bestSmooth;
  const highLr = s.lrFarTooHigh;
  if (now !== null && best !== null && best > 0 &&
    (s.trainAboveCount >= cfg.divergence.trainPoints ||
      (highLr && (s.trainAboveCountHighLr >= cfg.divergence.trainPoints || sustainedHighLrLevel(s, cfg) !== null)))) {
    return { verdict: "diverged", why: `smoothed train loss ${fmtLoss(now)} is ${fmtPct(now / best - 1)} above its best ${fmtLoss(best)}` };
  }
  const stall = stallCheck(s, cfg);
  if (stall) {
    return { verdict: "stalled", why: `train loss ${(stall.train * 100).toFixed(1)}% below its start after ${Math.round((s.progress ?? 0) * 100)}% of the run; ${stall.evidence}` };
  }
  // Also when the run has ended: a run killed at 2% of its steps has not converged, whatever its curve.
  const young = s.progress !== null && s.progress < YOUNG;
  const tooEarly = final ? `ended at ${Math.round((s.progress ?? 0) * 100)}% of its steps: too early to judge` : "early in the run";

  if (s.evalValues.length >= 2) {
    const bestEval = s.bestEval!;
    const last = s.lastEval!;
    const rise = bestEval > 0 ? last / bestEval - 1 : 0;
    const then = s.bestEvalTrain;
    const trainFell = now !== null && then !== null && then > 0 && now <= then * (1 - TRAIN_FELL);
    // With an lr far too high, an eval loss clearly (half the jump margin) above its minimum while train
    // no longer falls is the instability, not a plateau.
    const jump = highLr ? cfg.divergence.evalRatio / 2 : s.evalJumpRatio;
    if (s.evalsSinceBest >= 2 && rise >= jump && !trainFell) {
      return { verdict: "diverged", why: `eval loss ${fmtLoss(last)} is ${fmtPct(rise)} above its minimum ${fmtLoss(bestEval)} (step ${s.bestEvalStep}) while train loss no longer improves` };
    }
    if (s.evalsSinceBest >= 2 && rise >= cfg.overfitting.minRise + 2 * s.evalNoise && trainFell) {
      return { verdict: "overfitting", why: `eval loss ${fmtLoss(last)} is ${fmtPct(rise)} above its minimum ${fmtLoss(bestEval)} (step ${s.bestEvalStep}) while train loss keeps falling` };
    }
    if (young) return { verdict: "learning", why: tooEarly };
    const w = evalWindowImprovement(s);
    if (w.improvement >= STILL_FALLING) {
      return {
        verdict: final ? "underfitting" : "learning",
        why: `eval loss still falling: ${(w.improvement * 100).toFixed(1)}% better over the last ${w.evals} evaluations (best ${fmtLoss(bestEval)} at step ${s.bestEvalStep})`,
      };
    }
    return { verdict: "converged", why: `eval loss no longer falling: ${(w.improvement * 100).toFixed(1)}% better over the last ${w.evals} evaluations; best ${fmtLoss(bestEval)} at step ${s.bestEvalStep}, latest ${fmtLoss(last)}` };
  }

  if (young || now === null) return { verdict: "learning", why: now === null ? "no train loss yet" : tooEarly };
  const t = trainTrend(s, 0.25);
  const improvement = t ? t.improvement : s.startLoss && s.startLoss > 0 ? (s.startLoss - now) / s.startLoss : 0;
  const span = t ? `over the last ${t.points} logged points` : "since the start";
  if (improvement >= STILL_FALLING) {
    return { verdict: final ? "underfitting" : "learning", why: `train loss still falling: ${(improvement * 100).toFixed(1)}% ${span} (no eval loss to judge overfitting)` };
  }
  return { verdict: "converged", why: `train loss flat: ${(improvement * 100).toFixed(1)}% ${span}, now ${fmtLoss(now)} (no eval loss to judge overfitting)` };
}
