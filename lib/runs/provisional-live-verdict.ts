// Stand-in until lib/rules exports the live verdict (h12's live-verdict.ts): the same shape, built from
// the engine's public snapshot only, so the poller, storage and pages can be wired and tested now.
import { RULE_ORDER, type TRuleName } from "@/lib/rules/config";
import type { TEngine } from "@/lib/rules/create-engine";
import type { TVerdict } from "@/lib/rules/types";
import type { TStoredLiveVerdict, TStoredRuleProgress } from "./live-verdict-store";

const LABEL: Record<TRuleName, string> = { nonFinite: "non-finite loss", divergence: "divergence", overfitting: "overfitting",
  patience: "eval patience", stall: "stall", plateau: "plateau", spike: "loss spike" };

export function liveOf(engine: TEngine, verdict: TVerdict): Omit<TStoredLiveVerdict, "at"> {
  const s = engine.snapshot();
  const cfg = engine.config;
  const sum = engine.finish();
  const fired = new Map([...sum.alerts, ...(sum.stop ? [sum.stop] : [])].map((f) => [f.rule, f]));
  const rules = RULE_ORDER.map((rule): TStoredRuleProgress => {
    const base = { rule, label: LABEL[rule], mode: cfg[rule].mode, count: null, needed: null, unit: null, firedStep: null };
    const f = fired.get(rule);
    if (f) return { ...base, status: "fired", firedStep: f.step, text: `${LABEL[rule]}: fired at step ${f.step} (${f.action})` };
    if (cfg[rule].mode === "off") return { ...base, status: "off", text: `${LABEL[rule]}: off` };
    if (rule === "patience" || rule === "overfitting") {
      if (s.evalCount === 0) return { ...base, status: "waiting", text: `${LABEL[rule]}: no eval loss logged` };
      const needed = rule === "patience" ? cfg.patience.patience : cfg.overfitting.evals;
      const count = Math.min(s.patienceWait, needed);
      return { ...base, status: count > 0 ? "counting" : "watching", count, needed, unit: "evaluations",
        text: `${LABEL[rule]}: ${count} of ${needed} evaluations without improvement` };
    }
    return { ...base, status: s.lastStep === null ? "waiting" : "watching", text: `${LABEL[rule]}: ${s.lastStep === null ? "no loss logged yet" : "nothing seen"}` };
  });
  return {
    // finish()'s reason judges the run as ended ("ended at 6% of its steps"): only a fired stop's reason holds live.
    verdict, why: sum.stop?.reason ?? "", judgeable: true, lastStep: s.lastStep, totalSteps: s.totalSteps,
    bestStep: sum.bestStep, bestEvalLoss: sum.bestEvalLoss, stopped: sum.stop, rules,
  };
}
