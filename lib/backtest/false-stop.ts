// When a stop counts as a "healthy run stopped" (false stop). The warning: stopping a run
// that is still improving wastes it as surely as a late stop wastes GPUs. A stop is false when
//  1. the run, replayed over its whole history with no rule allowed to stop it, ends healthy:
//     verdict converged, underfitting or learning (not overfitting, diverged or stalled), and
//  2. it was still improving after the stop: its minimum eval loss lies after the stop step and in
//     the last NEAR_END_FRAC of its steps. Runs without eval have no such minimum; for them the
//     healthy final verdict alone decides.
import type { TBacktestVerdict } from "@/lib/rules/backtest-points";
import type { TFalseStop } from "./types";

export const HEALTHY_VERDICTS: readonly TBacktestVerdict[] = ["converged", "underfitting", "learning"];
/** "Near the end": within the last 20% of the run's steps. */
export const NEAR_END_FRAC = 0.2;

export const FALSE_STOP_RULE =
  `A stop is false when the run, replayed to its end with no rule stopping it, is converged, underfitting or learning, ` +
  `and its minimum eval loss comes after the stop and within the last ${NEAR_END_FRAC * 100}% of its steps ` +
  `(runs without eval: the healthy final verdict alone).`;

export function judgeFalseStop(o: {
  stopStep: number | null;
  finalVerdict: TBacktestVerdict;
  trueMinEvalStep: number | null;
  endStep: number | null;
}): TFalseStop {
  if (o.stopStep === null) return { falseStop: false, why: "not stopped" };
  if (!HEALTHY_VERDICTS.includes(o.finalVerdict)) {
    return { falseStop: false, why: `the full run ends ${o.finalVerdict}: stopping it was right` };
  }
  if (o.trueMinEvalStep === null) {
    return { falseStop: true, why: `the full run ends ${o.finalVerdict} (no eval loss to judge further)` };
  }
  if (o.trueMinEvalStep <= o.stopStep) {
    return { falseStop: false, why: `the run's best eval (step ${o.trueMinEvalStep}) came before the stop: the stop kept it` };
  }
  const end = o.endStep ?? o.trueMinEvalStep;
  const nearEnd = o.trueMinEvalStep >= end - NEAR_END_FRAC * end;
  if (!nearEnd) {
    return { falseStop: false, why: `the run's best eval (step ${o.trueMinEvalStep}) is not near its end (step ${end})` };
  }
  return { falseStop: true, why: `the full run ends ${o.finalVerdict} with its best eval at step ${o.trueMinEvalStep} of ${end}, after the stop` };
}
