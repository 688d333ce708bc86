// One line per rule and per parameter, shown by the rules editor. The schema's JSDoc comments are
// not available at runtime, so the words live here; a unit test checks every schema field has one.
import type { TRuleName } from "@/lib/rules/config";

export const RULE_LABELS: Record<TRuleName | "smoothing", string> = {
  smoothing: "Smoothing",
  nonFinite: "Non-finite loss",
  spike: "Loss spike",
  divergence: "Divergence",
  overfitting: "Overfitting",
  patience: "Eval patience",
  stall: "Stall",
  plateau: "Plateau",
};

export const RULE_HELP: Record<TRuleName | "smoothing", string> = {
  smoothing: "EMA of the train loss every rule reads, so single spikes trigger nothing.",
  nonFinite: "NaN/Inf train or eval loss, or a 0.0 train loss right after a blow-up (HF logs 0.0 for NaN windows).",
  spike: "The logged train loss jumps many times above its smoothed level in one logging step (often just before NaN).",
  divergence: "Smoothed train loss far above its best, or eval loss well above its minimum while train no longer improves.",
  overfitting: "Eval loss rising over several evaluations while the train loss keeps falling.",
  patience: "HF/Lightning early stopping: eval loss has not improved for N evaluations.",
  stall: "Hardly any progress from the start (learning rate far too low); needs a far-too-low lr as corroboration, or no progress at all late in the run.",
  plateau: "Smoothed train loss flat over a window; meant for runs without eval.",
};

export const PARAM_HELP: Record<string, string> = {
  "smoothing.windowFrac": "EMA span as a fraction of the expected number of logged points.",
  "smoothing.minWindow": "Smallest EMA span, in logged points.",
  "smoothing.maxWindow": "Largest EMA span, in logged points (~100 is common).",
  "nonFinite.zeroAfterLossAbove": "A 0.0 train loss counts as a blow-up when the previous loss was at least this.",
  "spike.ratio": "Fires when a logged train loss is at least this many times the smoothed loss before it...",
  "spike.minAbsJump": "...and at least this much higher in absolute terms (nats).",
  "divergence.trainMinAbsRise": "Absolute floor (nats) under the train thresholds: at very low losses a large relative rise is still tiny.",
  "divergence.evalMinAbsRise": "Absolute floor (nats) under the eval threshold.",
  "overfitting.minAbsRise": "Absolute floor (nats) under the minimum rise.",
  "divergence.trainRatio": "Fires when the smoothed train loss is above best × (1 + this)...",
  "divergence.trainPoints": "...for this many consecutive logged points (a 3× jump fires at once).",
  "divergence.evalRatio": "Or when eval loss is above its minimum × (1 + this)...",
  "divergence.evalCount": "...for this many consecutive evaluations...",
  "divergence.trainImproveTol": "...while the smoothed train loss fell less than this fraction since the best eval.",
  "divergence.lrFarTooHigh": "A peak lr at or above this (far too high for any LLM fine-tune) lets milder, sustained rises count.",
  "divergence.highLrTrainRatio": "With that lr: smoothed train loss this fraction above its best (sustained) means unstable.",
  "overfitting.evals": "Evaluations the eval loss must have been rising over.",
  "overfitting.minRise": "Latest eval at least this fraction above the minimum.",
  "overfitting.minTrainDrop": "Smoothed train loss fell at least this fraction since the best eval.",
  "overfitting.minStepsFrac": "Earliest point, as a fraction of total steps since the best eval.",
  "patience.patience": "Evaluations without improvement before the rule fires.",
  "patience.minDelta": "Absolute improvement needed to count as a new best (HF early_stopping_threshold).",
  "patience.minDeltaRel": "Relative improvement needed (fraction of the best); the larger of the two applies.",
  "patience.minStepsFrac": "Also require this fraction of total steps since the best eval (frequent evals are noisy).",
  "plateau.minFrac": "Earliest point, as a fraction of total steps.",
  "plateau.windowFrac": "Window, as a fraction of the logged train points so far.",
  "plateau.maxRelImprovement": "Fires when the smoothed train loss improved less than this fraction over the window.",
  "plateau.onlyWithoutEval": "Only for runs that log no eval loss (eval rules judge the others).",
  "stall.minFrac": "Earliest point, as a fraction of total steps, once the lr (or loss level) corroborates a stall.",
  "stall.minRelImprovement": "Corroborated: fires when train (and eval) loss are less than this fraction below their start.",
  "stall.startPoints": "Starting train loss = mean of the first N finite logged losses (at least one smoothing window).",
  "stall.lrFarTooLow": "A peak lr below this is far too low for any LLM fine-tune and corroborates a stall.",
  "stall.uniformLoss": "ln(vocabulary size) if known, else 0: a loss still within 10% of it corroborates a stall.",
  "stall.minFracNormalLr": "With a normal or unknown lr: earliest point, as a fraction of total steps.",
  "stall.maxRelImprovementNormalLr": "With a normal or unknown lr: fires only if neither the loss since the start nor its recent trend improved this much.",
};
