// The early-stop rules engine: pure, deterministic, replayable. Feed it a run's parsed points in
// file order; after each it reports the live verdict, the best step and at most one fired rule.
import { RULE_ORDER, ZRulesConfig, type TRuleName, type TRulesConfig, type TRulesConfigInput } from "./config";
import { buildAdvice } from "./build-advice";
import { classifyRun } from "./classify-run";
import { RULE_CHECKS } from "./evaluate-rules";
import { RunState } from "./run-state";
import type { TEngineOutput, TEnginePoint, TEngineSnapshot, TEngineSummary, TFired, TVerdict } from "./types";

export type TEngineInspection = {
  state: RunState; cfg: TRulesConfig; fired: ReadonlyMap<TRuleName, TFired>; stop: TFired | null;
  verdict: TVerdict; why: string; bestStep: number | null; bestEvalLoss: number | null;
};

export type TEngine = {
  push(point: TEnginePoint): TEngineOutput;
  finish(): TEngineSummary;
  snapshot(): TEngineSnapshot;
  /** The live picture (read-only): what live-verdict.ts turns into each rule's progress. */
  inspect(): TEngineInspection;
  readonly config: TRulesConfig;
};

type TCore = { state: RunState; latched: Map<TRuleName, TFired>; stop: TFired | null; stopVerdict: TVerdict | null; alerts: TFired[] };

function bestOf(s: RunState): { bestStep: number | null; bestEvalLoss: number | null } {
  if (s.bestEvalIdx >= 0) return { bestStep: s.bestEvalStep, bestEvalLoss: s.bestEval };
  // Without eval the best is the smoothed train minimum; a run that blew up has nothing worth keeping.
  if (s.nonFinite) return { bestStep: null, bestEvalLoss: null };
  return { bestStep: s.bestSmoothStep, bestEvalLoss: null };
}

/** The verdict a stop implies; patience and plateau stops are classified from the curves. */
function verdictForStop(rule: TRuleName, c: TCore, cfg: TRulesConfig): TVerdict {
  switch (rule) {
    case "nonFinite": return "failed";
    case "divergence": return "diverged";
    case "overfitting": return "overfitting";
    case "stall": return "stalled";
    default: {
      const v = classifyRun(c.state, cfg, true).verdict;
      // Stopped because eval stopped improving: not "still learning".
      return v === "underfitting" || v === "learning" ? "converged" : v;
    }
  }
}

export function createEngine(input: TRulesConfigInput | TRulesConfig = {}): TEngine {
  const cfg = ZRulesConfig.parse(input);
  let history: TEnginePoint[] = [];
  const fresh = (): TCore => ({ state: new RunState(cfg), latched: new Map(), stop: null, stopVerdict: null, alerts: [] });
  let core = fresh();

  function step(p: TEnginePoint): TFired | null {
    core.state.apply(p);
    let chosen: TFired | null = null;
    for (const rule of RULE_ORDER) {
      const mode = cfg[rule].mode;
      if (mode === "off" || core.latched.has(rule)) continue;
      const reason = RULE_CHECKS[rule](core.state, p, cfg);
      if (reason === null) continue;
      const fired: TFired = { rule, action: mode, step: p.step, reason };
      core.latched.set(rule, fired);
      if (mode === "alert") core.alerts.push(fired);
      else if (!core.stop) { core.stop = fired; core.stopVerdict = verdictForStop(rule, core, cfg); }
      if (!chosen || (chosen.action === "alert" && fired.action === "stop")) chosen = fired;
    }
    return chosen;
  }

  function verdictNow(final: boolean): { verdict: TVerdict; why: string } {
    if (core.stop && core.stopVerdict) return { verdict: core.stopVerdict, why: core.stop.reason };
    return classifyRun(core.state, cfg, final);
  }

  return {
    config: cfg,
    push(p) {
      const s = core.state;
      // A resume appends lines again from the last checkpoint: the curve continues from there, so
      // drop what the old segment logged at or after the new first step and rebuild by replay.
      const resumed = s.lastStep !== null && (p.step < s.lastStep || (p.segment !== undefined && p.segment > s.segment && p.step <= s.lastStep));
      if (resumed) {
        history = history.filter((h) => h.step < p.step);
        core = fresh();
        for (const h of history) step(h);
      }
      history.push(p);
      const fired = step(p);
      return { verdict: verdictNow(false).verdict, ...bestOf(core.state), fired };
    },
    finish() {
      const { verdict, why } = verdictNow(true);
      const best = bestOf(core.state);
      return {
        verdict, ...best, stop: core.stop, alerts: [...core.alerts], reason: why,
        advice: buildAdvice(verdict, core.state, best.bestStep),
      };
    },
    inspect() {
      const { verdict, why } = verdictNow(false);
      return { state: core.state, cfg, fired: core.latched, stop: core.stop, verdict, why, ...bestOf(core.state) };
    },
    snapshot() {
      const s = core.state;
      return {
        lastStep: s.lastStep, totalSteps: s.totalSteps, smoothingWindow: s.window, smoothedLoss: s.trainNow,
        bestSmoothedLoss: s.bestSmooth, evalCount: s.evalValues.length, bestEvalLoss: s.bestEval,
        bestEvalStep: s.bestEvalStep, patienceWait: s.patienceWait, stopped: core.stop !== null,
      };
    },
  };
}
