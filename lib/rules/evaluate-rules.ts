// Each rule looks at the RunState after a point and returns a plain-words reason when it fires.
// Rules are checked in RULE_ORDER; the engine latches each one so it fires at most once.
import type { TRuleName, TRulesConfig } from "./config";
import { fmtLoss, fmtPct } from "./format";
import type { RunState } from "./run-state";
import type { TEnginePoint } from "./types";

type TRuleCheck = (s: RunState, p: TEnginePoint, cfg: TRulesConfig) => string | null;

const stepsSince = (s: RunState, step: number | null, frac: number): boolean =>
  step === null || s.lastStep === null || !s.totalSteps || s.lastStep - step >= frac * s.totalSteps;

const nonFinite: TRuleCheck = (s) => {
  const e = s.nonFinite;
  if (!e) return null;
  return `${e.what} at step ${e.step}: the run has blown up (numeric overflow/NaN); nothing after this point is training`;
};

const divergence: TRuleCheck = (s, p, cfg) => {
  const c = cfg.divergence;
  const now = s.trainNow;
  const best = s.bestSmooth;
  if (p.kind === "TRAIN" && now !== null && best !== null && best > 0 && s.trainSmooth.length >= s.window) {
    const far = now > best * 3;
    if (far || s.trainAboveCount >= c.trainPoints) {
      return `smoothed train loss is ${fmtLoss(now)}, ${fmtPct(now / best - 1)} above its best ${fmtLoss(best)} ` +
        `(step ${s.bestSmoothStep}): training has become unstable`;
    }
  }
  if (p.kind === "EVAL" && s.evalAboveCount >= c.evalCount) {
    const trainAtBest = s.bestEvalTrain;
    const improving = now !== null && trainAtBest !== null && now < trainAtBest * (1 - c.trainImproveTol);
    if (!improving) {
      const trainNote = now !== null && trainAtBest !== null
        ? ` while train loss no longer improves (${fmtLoss(trainAtBest)} then, ${fmtLoss(now)} now)` : "";
      return `eval loss has been over ${Math.round(s.evalJumpRatio * 100)}% above its minimum ${fmtLoss(s.bestEval)} ` +
        `(step ${s.bestEvalStep}) for ${s.evalAboveCount} evaluations; it is now ${fmtLoss(s.lastEval)} ` +
        `(${fmtPct(s.lastEval! / s.bestEval! - 1)})${trainNote}`;
    }
  }
  return null;
};

const overfitting: TRuleCheck = (s, p, cfg) => {
  const c = cfg.overfitting;
  if (p.kind !== "EVAL" || s.evalsSinceBest < c.evals) return null;
  const best = s.bestEval!;
  const last = s.lastEval!;
  const now = s.trainNow;
  const then = s.bestEvalTrain;
  if (!(best > 0) || last < best * (1 + c.minRise + 2 * s.evalNoise)) return null;
  if (now === null || then === null || !(then > 0) || now > then * (1 - c.minTrainDrop)) return null;
  if (!stepsSince(s, s.bestEvalStep, c.minStepsFrac)) return null;
  return `eval loss has risen for ${s.evalsSinceBest} evaluations since its minimum at step ${s.bestEvalStep} ` +
    `(${fmtLoss(best)}); it is now ${fmtLoss(last)} (${fmtPct(last / best - 1)}) while the smoothed train loss ` +
    `kept falling (${fmtLoss(then)} → ${fmtLoss(now)}, ${fmtPct(now / then - 1)}): the model is memorising the training set`;
};

const patience: TRuleCheck = (s, p, cfg) => {
  const c = cfg.patience;
  if (p.kind !== "EVAL" || s.patienceWait < c.patience) return null;
  if (!stepsSince(s, s.patienceBestStep, c.minStepsFrac)) return null;
  const margin = c.minDeltaRel > 0 || c.minDelta > 0
    ? ` by more than ${c.minDeltaRel > 0 ? `${+(c.minDeltaRel * 100).toPrecision(3)}%` : ""}` +
      `${c.minDeltaRel > 0 && c.minDelta > 0 ? " / " : ""}${c.minDelta > 0 ? String(c.minDelta) : ""}`
    : "";
  return `eval loss has not improved${margin} for ${s.patienceWait} evaluations since step ${s.patienceBestStep} ` +
    `(${fmtLoss(s.patienceBest)}); it is now ${fmtLoss(s.lastEval)}`;
};

/** Progress from the start, as fractions; null until the run is far enough along to judge. */
export function stallProgress(s: RunState, cfg: TRulesConfig): { train: number; eval: number | null } | null {
  const c = cfg.stall;
  const prog = s.progress;
  if (prog === null || prog < c.minFrac) return null;
  if (s.trainSmooth.length < Math.max(s.window, c.startPoints + 2)) return null;
  const start = s.startLoss;
  const best = s.bestSmooth;
  if (start === null || best === null || !(start > 0)) return null;
  const first = s.evalValues[0];
  const evalProg = s.evalValues.length >= 2 && first !== undefined && first > 0 ? (first - s.bestEval!) / first : null;
  return { train: (start - best) / start, eval: evalProg };
}

const stall: TRuleCheck = (s, _p, cfg) => {
  const c = cfg.stall;
  const g = stallProgress(s, cfg);
  if (!g || g.train >= c.minRelImprovement || (g.eval !== null && g.eval >= c.minRelImprovement)) return null;
  const evalNote = g.eval !== null
    ? ` and eval loss only ${(g.eval * 100).toFixed(1)}% below its first value ${fmtLoss(s.evalValues[0]!)}` : "";
  return `after ${Math.round((s.progress ?? 0) * 100)}% of the run (step ${s.lastStep}) the smoothed train loss is at best ` +
    `${(g.train * 100).toFixed(1)}% below its start ${fmtLoss(s.startLoss)}${evalNote}: the loss hardly moves ` +
    `(learning rate far too low?)`;
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
  if (p.kind !== "TRAIN" || (c.onlyWithoutEval && s.evalValues.length > 0)) return null;
  const prog = s.progress;
  if (prog === null || prog < c.minFrac) return null;
  const t = trainTrend(s, c.windowFrac);
  if (!t || t.improvement >= c.maxRelImprovement) return null;
  return `train loss improved only ${(t.improvement * 100).toFixed(1)}% over the last ${t.points} logged points ` +
    `(steps ${t.from}–${t.to}); it is flat at ${fmtLoss(s.trainNow)}`;
};

export const RULE_CHECKS: Record<TRuleName, TRuleCheck> = { nonFinite, divergence, overfitting, patience, stall, plateau };
