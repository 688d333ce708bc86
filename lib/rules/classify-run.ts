// The run's state in the vocabulary, from the curves (independent of which rules are on).
// Scale-invariant: every comparison is a relative change; windows are shares of the evals / logged
// points so far.
import type { TRulesConfig } from "./config";
import { likeForLikeTrend } from "./epoch-trend";
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
/** Absolute floor (nats) under STILL_FALLING: at very low losses a few % is nothing. */
const FALLING_ABS = 0.005;
/** Train loss fell at least this much (relative, and 0.01 nats) since the last real eval improvement: overfitting, whatever the eval rise. */
const TRAIN_FELL_MATERIAL = 0.05;
/** A multi-epoch train loss driven this low (nats/token), dropping at epoch boundaries, is memorised. */
const MEMORISED = 0.15;
/** ln 2: a preference (DPO/ORPO) loss that has not left it has not learned to separate chosen from rejected. */
const LN2 = Math.LN2;

/**
 * Evaluations since the last real improvement: a new best must beat the previous one by more than
 * the curve's own noise (its typical chance rise) or patience.minDeltaRel, whichever is larger.
 */
function evalsSinceRealBest(s: RunState, cfg: TRulesConfig): { count: number; idx: number } {
  const v = s.evalValues;
  const tol = Math.max(cfg.patience.minDeltaRel, s.evalNoise);
  let idx = -1;
  for (let i = 0; i < v.length; i++) if (idx < 0 || v[i]! < v[idx]! * (1 - tol)) idx = i;
  return { count: idx < 0 ? 0 : v.length - 1 - idx, idx };
}

/** PPO: the mean reward is the quality signal (its loss is the objective of a moving target). */
function classifyByReward(s: RunState, final: boolean): TClassification {
  const r = s.rewards;
  const tail = r.slice(r.length >> 1);
  const h = tail.length >> 1;
  const a = tail.slice(0, h);
  const b = tail.slice(tail.length - h);
  const m = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const sd2 = (xs: number[], mu: number) => xs.reduce((x, y) => x + (y - mu) ** 2, 0) / Math.max(1, xs.length - 1);
  const ma = m(a);
  const mb = m(b);
  const se = Math.sqrt(sd2(a, ma) / a.length + sd2(b, mb) / b.length);
  const rising = h >= 3 && mb - ma > 2 * se && mb - ma >= 0.01;
  const why = `PPO reward ${rising ? "still rising" : "flat"} over the second half of the run (${fmtLoss(ma)} → ${fmtLoss(mb)}); PPO's loss is not a quality signal`;
  return rising ? { verdict: final ? "underfitting" : "learning", why } : { verdict: "converged", why };
}

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
  if (now !== null && best !== null && best > 0 && !s.isPpo &&
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
    const real = evalsSinceRealBest(s, cfg);
    const thenReal = s.evalTrain[real.idx] ?? null;
    if (real.count >= cfg.patience.patience && now !== null && thenReal !== null && thenReal > 0 &&
      now <= thenReal * (1 - TRAIN_FELL_MATERIAL) && thenReal - now >= 0.01) {
      return { verdict: "overfitting", why: `eval loss has not improved beyond its noise for ${real.count} evaluations since step ${s.evalSteps[real.idx]} ` +
        `(best ${fmtLoss(bestEval)} at step ${s.bestEvalStep}, latest ${fmtLoss(last)}) while the smoothed train loss fell ${fmtPct(now / thenReal - 1)} (${fmtLoss(thenReal)} → ${fmtLoss(now)})` };
    }
    if (young) return { verdict: "learning", why: tooEarly };
    const w = evalWindowImprovement(s);
    if (w.improvement >= STILL_FALLING && (s.bestEval === null || w.improvement * Math.abs(s.bestEval) >= FALLING_ABS)) {
      return {
        verdict: final ? "underfitting" : "learning",
        why: `eval loss still falling: ${(w.improvement * 100).toFixed(1)}% better over the last ${w.evals} evaluations (best ${fmtLoss(bestEval)} at step ${s.bestEvalStep})`,
      };
    }
    return { verdict: "converged", why: `eval loss no longer falling: ${(w.improvement * 100).toFixed(1)}% better over the last ${w.evals} evaluations; best ${fmtLoss(bestEval)} at step ${s.bestEvalStep}, latest ${fmtLoss(last)}` };
  }

  if (young || now === null) return { verdict: "learning", why: now === null ? "no train loss yet" : tooEarly };
  if (s.rewards.length >= 12) return classifyByReward(s, final);
  if (final && s.accuracies.length > 0 && s.startLoss !== null && Math.abs(s.startLoss - LN2) < 0.05 && now >= 0.93 * LN2 && (s.progress ?? 1) >= 0.5) {
    const acc = s.accuracies.slice(-Math.max(1, s.accuracies.length >> 2));
    const accMean = acc.reduce((a, b) => a + b, 0) / acc.length;
    if (accMean < 0.7) {
      return { verdict: "stalled", why: `preference loss still ${fmtLoss(now)}, near ln 2 = 0.693 where it starts, with accuracy ${accMean.toFixed(2)}: the policy barely separates chosen from rejected (learning rate too low?)` };
    }
  }
  const like = likeForLikeTrend(s);
  if (like) {
    const stair = like.prevEpochMean !== null && like.prevEpochMean >= like.lastMean * 1.1
      ? `; the drops come at the epoch boundaries (${fmtLoss(like.prevEpochMean)} → ${fmtLoss(like.lastMean)}): the model meets samples it has seen` : "";
    // Driven near zero across epochs: memorised, whether or not it still creeps down within the epoch.
    if (stair && like.lastMean <= MEMORISED) {
      return { verdict: "overfitting", why: `train loss driven to ${fmtLoss(like.lastMean)} over ${like.epochs} epochs${stair}: it is memorising the training set (no eval loss to confirm)` };
    }
    if (like.significant && like.improvement >= STILL_FALLING && like.drop >= FALLING_ABS) {
      return { verdict: final ? "underfitting" : "learning", why: `train loss still falling ${like.span}: ${(like.improvement * 100).toFixed(1)}% (no eval loss to judge overfitting)` };
    }
    return { verdict: "converged", why: `train loss flat ${like.span} (${(like.improvement * 100).toFixed(1)}%, within its noise), now ${fmtLoss(like.lastMean)}${stair} (no eval loss to judge overfitting)` };
  }
  const t = trainTrend(s, 0.25);
  const improvement = t ? t.improvement : s.startLoss && s.startLoss > 0 ? (s.startLoss - now) / s.startLoss : 0;
  const span = t ? `over the last ${t.points} logged points` : "since the start";
  if (improvement >= STILL_FALLING && improvement * now >= FALLING_ABS) {
    return { verdict: final ? "underfitting" : "learning", why: `train loss still falling: ${(improvement * 100).toFixed(1)}% ${span} (no eval loss to judge overfitting)` };
  }
  return { verdict: "converged", why: `train loss flat: ${(improvement * 100).toFixed(1)}% ${span}, now ${fmtLoss(now)} (no eval loss to judge overfitting)` };
}
