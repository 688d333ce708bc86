// The engine on a finished run's history, as if live: points are fed in order until the first stop
// (the run would have ended there). Shared by the CLI and the backtest page.
import type { TRulesConfigInput } from "./config";
import { createEngine } from "./create-engine";
import type { TEnginePoint, TFired, TVerdict } from "./types";

export type TBacktestVerdict = Exclude<TVerdict, "failed">;

export type TBacktestResult = {
  stopped: boolean;
  stopStep: number | null;
  bestStep: number | null;
  bestEvalLoss: number | null;
  verdict: TBacktestVerdict;
  rule: string | null;
  reason: string;
  advice: string[];
  stepsSaved: number;
  /** Not in the CLI's contract line; for the backtest page's totals. */
  alerts: TFired[];
  totalSteps: number | null;
  lastStep: number | null;
  /** The run's true minimum finite eval loss over the whole file (what a perfect stop would keep). */
  trueMinEvalLoss: number | null;
  trueMinEvalStep: number | null;
};

export function backtestPoints(points: readonly TEnginePoint[], config: TRulesConfigInput = {}): TBacktestResult {
  const engine = createEngine(config);
  let stop: TFired | null = null;
  let totalSteps: number | null = null;
  let lastStep: number | null = null;
  let trueMin: { v: number; step: number } | null = null;
  for (const p of points) {
    if (p.totalSteps) totalSteps = p.totalSteps;
    lastStep = p.step;
    if (p.kind === "EVAL" && p.evalLoss !== null && Number.isFinite(p.evalLoss) && (!trueMin || p.evalLoss < trueMin.v)) {
      trueMin = { v: p.evalLoss, step: p.step };
    }
    if (stop) continue;
    const out = engine.push(p);
    if (out.fired?.action === "stop") stop = out.fired;
  }
  const summary = engine.finish();
  const end = totalSteps ?? lastStep;
  return {
    stopped: stop !== null,
    stopStep: stop?.step ?? null,
    bestStep: summary.bestStep,
    bestEvalLoss: summary.bestEvalLoss,
    verdict: summary.verdict === "failed" ? "diverged" : summary.verdict,
    rule: stop?.rule ?? null,
    reason: summary.reason,
    advice: summary.advice,
    stepsSaved: stop && end !== null ? Math.max(0, end - stop.step) : 0,
    alerts: summary.alerts,
    totalSteps,
    lastStep,
    trueMinEvalLoss: trueMin?.v ?? null,
    trueMinEvalStep: trueMin?.step ?? null,
  };
}
