// The live verdict: what the run page and the runs list show while a run trains, before any rule has
// fired. Pure: built from the engine's RunState after the points so far.
//
// Shape (stable; the UI renders `text` as is and may draw a bar from `count` / `needed`):
//   TLiveVerdict = {
//     verdict: TVerdict,          // "learning" while young, "not-judgeable" without any loss, ...
//     why: string,                // one sentence behind the verdict
//     judgeable: boolean,         // false for predict-only logs / a lone summary line
//     lastStep, totalSteps,       // progress (number | null)
//     bestStep, bestEvalLoss,     // the checkpoint worth keeping so far
//     stopped: TFired | null,     // the stop that fired, if any
//     rules: TRuleProgress[],     // one per rule, in RULE_ORDER
//   }
//   TRuleProgress = {
//     rule: TRuleName, label: string, mode: "off" | "alert" | "stop",
//     status: "off" | "waiting" | "watching" | "counting" | "fired",
//       // waiting = not enough evidence yet (too early, no eval); watching = armed, nothing seen;
//       // counting = evidence accumulating toward a firing; fired = it fired (alert or stop)
//     count: number | null, needed: number | null,   // "1 of 3", in `unit`
//     unit: "evaluations" | "steps" | "logged points" | "% of the run" | null,
//     text: string,               // "overfitting: 1 of 3 evaluations", "plateau: 40 of 200 steps flat"
//     firedStep: number | null,
//   }
import { RULE_ORDER, type TRuleMode, type TRuleName, type TRulesConfig, type TRulesConfigInput } from "./config";
import { MIN_EVALS, stallCheck } from "./evaluate-rules";
import type { RunState } from "./run-state";
import type { TEnginePoint, TFired, TVerdict } from "./types";
import { createEngine, type TEngine } from "./create-engine";

export type TRuleProgressStatus = "off" | "waiting" | "watching" | "counting" | "fired";
export type TRuleProgressUnit = "evaluations" | "steps" | "logged points" | "% of the run";

export type TRuleProgress = {
  rule: TRuleName;
  label: string;
  mode: TRuleMode;
  status: TRuleProgressStatus;
  count: number | null;
  needed: number | null;
  unit: TRuleProgressUnit | null;
  text: string;
  firedStep: number | null;
};

export type TLiveVerdict = {
  verdict: TVerdict;
  why: string;
  judgeable: boolean;
  lastStep: number | null;
  totalSteps: number | null;
  bestStep: number | null;
  bestEvalLoss: number | null;
  stopped: TFired | null;
  rules: TRuleProgress[];
};

const LABEL: Record<TRuleName, string> = {
  nonFinite: "non-finite loss", spike: "loss spike", divergence: "divergence", overfitting: "overfitting",
  patience: "eval patience", stall: "stall", plateau: "plateau",
};

type TPartial = Omit<TRuleProgress, "rule" | "label" | "mode" | "firedStep">;

const waiting = (label: string, what: string): TPartial => ({ status: "waiting", count: null, needed: null, unit: null, text: `${label}: ${what}` });
const watching = (label: string, what: string): TPartial => ({ status: "watching", count: null, needed: null, unit: null, text: `${label}: ${what}` });
function counting(label: string, count: number, needed: number, unit: TRuleProgressUnit, tail = ""): TPartial {
  const c = Math.min(count, needed);
  return { status: c > 0 ? "counting" : "watching", count: c, needed, unit, text: `${label}: ${c} of ${needed} ${unit}${tail}` };
}

/** Steps over which the smoothed train loss has stayed within `rel` of its current value (the trailing flat span). */
function flatSpan(s: RunState, rel: number): { steps: number; points: number } {
  const n = s.trainSmooth.length;
  const now = s.trainNow;
  if (n < 2 || now === null) return { steps: 0, points: 0 };
  let i = n - 1;
  while (i > 0 && (s.trainSmooth[i - 1]! - now) / Math.abs(s.trainSmooth[i - 1]!) < rel) i--;
  return { steps: (s.lastStep ?? s.trainSteps[n - 1]!) - s.trainSteps[i]!, points: n - 1 - i };
}

function progressOf(rule: TRuleName, s: RunState, cfg: TRulesConfig): TPartial {
  const label = LABEL[rule];
  const trainReady = s.window > 0 && s.trainSmooth.length >= s.window;
  switch (rule) {
    case "nonFinite":
      return s.trainSteps.length + s.evalValues.length === 0 ? waiting(label, "no loss logged yet") : watching(label, "every loss so far is finite");
    case "spike":
      return s.trainSteps.length < 2 ? waiting(label, "needs two logged losses") : watching(label, `no jump of ${cfg.spike.ratio}× or more in one logging step`);
    case "divergence": {
      if (!trainReady) return waiting(label, `smoothing needs ${s.window || cfg.smoothing.minWindow} logged points`);
      const evalN = Math.max(s.evalAboveCount, s.lrFarTooHigh ? s.evalAboveCountHighLr : 0);
      const trainN = Math.max(s.trainAboveCount, s.lrFarTooHigh ? s.trainAboveCountHighLr : 0);
      if (evalN > 0 && s.evalValues.length >= MIN_EVALS) return counting(label, evalN, cfg.divergence.evalCount, "evaluations", " far above the minimum eval loss");
      return counting(label, trainN, cfg.divergence.trainPoints, "logged points", " far above the best train loss");
    }
    case "overfitting": {
      if (s.evalValues.length < MIN_EVALS) return waiting(label, `needs ${MIN_EVALS} evaluations (${s.evalValues.length} so far)`);
      const then = s.bestEvalTrain;
      const now = s.trainNow;
      const fell = then !== null && now !== null && then > 0 ? (then - now) / then : 0;
      const tail = s.evalsSinceBest > 0 ? ` since the best eval (step ${s.bestEvalStep}), train ${fell >= 0 ? "down" : "up"} ${Math.abs(fell * 100).toFixed(1)}%` : "";
      return counting(label, s.evalsSinceBest, cfg.overfitting.evals, "evaluations", tail);
    }
    case "patience": {
      if (s.evalValues.length === 0) return waiting(label, "no eval loss logged (set val_size and eval_steps)");
      return counting(label, s.patienceWait, cfg.patience.patience, "evaluations", " without improvement");
    }
    case "stall": {
      const prog = s.progress;
      if (prog === null) return waiting(label, "total steps unknown");
      const g = stallCheck(s, cfg);
      if (g) return { status: "counting", count: Math.round(prog * 100), needed: Math.round(prog * 100), unit: "% of the run", text: `${label}: ${g.evidence}` };
      const start = s.startLoss;
      const now = s.trainNow;
      const imp = start && now !== null && start > 0 ? (start - now) / start : null;
      return watching(label, imp === null ? "no train loss yet" : `train loss ${(imp * 100).toFixed(1)}% below its start`);
    }
    case "plateau": {
      if (cfg.plateau.onlyWithoutEval && s.evalValues.length > 0) return waiting(label, "off while eval loss is logged (eval rules judge instead)");
      if (!trainReady) return waiting(label, `smoothing needs ${s.window || cfg.smoothing.minWindow} logged points`);
      const n = s.trainSmooth.length;
      const k = Math.max(2 * s.window, Math.round(cfg.plateau.windowFrac * n));
      const neededSteps = n > k ? (s.lastStep ?? 0) - s.trainSteps[n - 1 - k]! : Math.round(((s.lastStep ?? 0) / Math.max(1, n)) * k);
      const flat = flatSpan(s, cfg.plateau.maxRelImprovement);
      const prog = s.progress;
      const early = prog !== null && prog < cfg.plateau.minFrac ? ` (armed from ${Math.round(cfg.plateau.minFrac * 100)}% of the run)` : "";
      return counting(label, flat.steps, Math.max(1, neededSteps), "steps", ` flat${early}`);
    }
  }
}

/** Each rule's progress and the current verdict, from the engine's state (see the shape above). */
export function describeLive(o: {
  state: RunState; cfg: TRulesConfig; fired: ReadonlyMap<TRuleName, TFired>; stop: TFired | null;
  verdict: TVerdict; why: string; bestStep: number | null; bestEvalLoss: number | null;
}): TLiveVerdict {
  const s = o.state;
  const rules = RULE_ORDER.map((rule): TRuleProgress => {
    const mode = o.cfg[rule].mode;
    const f = o.fired.get(rule);
    const base = { rule, label: LABEL[rule], mode };
    if (f) return { ...base, status: "fired", count: null, needed: null, unit: null, firedStep: f.step, text: `${LABEL[rule]}: fired at step ${f.step} (${f.action})` };
    if (mode === "off") return { ...base, status: "off", count: null, needed: null, unit: null, firedStep: null, text: `${LABEL[rule]}: off` };
    return { ...base, ...progressOf(rule, s, o.cfg), firedStep: null };
  });
  return {
    verdict: o.verdict, why: o.why, judgeable: o.verdict !== "not-judgeable",
    lastStep: s.lastStep, totalSteps: s.totalSteps, bestStep: o.bestStep, bestEvalLoss: o.bestEvalLoss,
    stopped: o.stop, rules,
  };
}

/** The live verdict of a run from its points so far (file order), as the engine sees it. */
export function liveVerdict(points: Iterable<TEnginePoint>, config: TRulesConfigInput | TRulesConfig = {}): TLiveVerdict {
  const engine = createEngine(config);
  for (const p of points) engine.push(p);
  return liveOf(engine);
}

/** The live verdict of an engine that has been fed a run's points (the poller keeps one per run). */
export function liveOf(engine: TEngine): TLiveVerdict {
  return describeLive(engine.inspect());
}
