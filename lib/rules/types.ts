import type { TParsedPoint } from "@/lib/logs/types";
import type { TRuleName } from "./config";

/**
 * "failed" = non-finite loss (NaN/Inf or the 0.0 that hides them); backtest output maps it to "diverged".
 * "not-judgeable" = the log carries no train or eval loss at all (a predict-only run, a file that is only
 * the final summary line): nothing to judge, and no rule may act on it.
 */
export type TVerdict = "converged" | "underfitting" | "overfitting" | "diverged" | "stalled" | "learning" | "failed" | "not-judgeable";

/** What the engine needs from a parsed point (a TParsedPoint fits). */
export type TEnginePoint = Pick<TParsedPoint, "kind" | "step" | "loss" | "evalLoss"> &
  Partial<Pick<TParsedPoint, "segment" | "totalSteps" | "lr" | "epoch" | "reward" | "accuracy">>;

export type TFired = { rule: TRuleName; action: "alert" | "stop"; step: number; reason: string };

export type TEngineOutput = {
  verdict: TVerdict;
  bestStep: number | null;
  bestEvalLoss: number | null;
  /** At most one rule per point: a stop wins over an alert, then RULE_ORDER. */
  fired: TFired | null;
};

export type TEngineSummary = {
  verdict: TVerdict;
  bestStep: number | null;
  bestEvalLoss: number | null;
  /** The stop that fired, if any (the run should have ended there). */
  stop: TFired | null;
  alerts: TFired[];
  /** Plain-words why: the stop's reason, or what the curves show at the end. */
  reason: string;
  advice: string[];
};

/** Live rule state for the run page ("best 2.31 at step 140, 2 of 3 evaluations without improvement"). */
export type TEngineSnapshot = {
  lastStep: number | null;
  totalSteps: number | null;
  smoothingWindow: number;
  smoothedLoss: number | null;
  bestSmoothedLoss: number | null;
  evalCount: number;
  bestEvalLoss: number | null;
  bestEvalStep: number | null;
  patienceWait: number;
  stopped: boolean;
};
