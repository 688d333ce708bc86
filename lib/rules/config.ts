// Rule settings, as a preset carries them. Every field has a default meant for ANY LLaMA-Factory run:
// thresholds are relative (scale-invariant: a loss of 0.7 or of 5.5), windows are counted in logged
// points or in evaluations (not steps), and "how far into the run" is a fraction of total_steps.
import { z } from "zod";

export const ZRuleMode = z.enum(["off", "alert", "stop"]);
export type TRuleMode = z.infer<typeof ZRuleMode>;

const frac = z.number().min(0).max(1);
const pos = z.number().positive();

export const ZRulesConfig = z.object({
  /** Smoothing of the train loss used by every rule: an EMA whose span is a fraction of the expected number of logged points. */
  smoothing: z.object({
    windowFrac: frac.default(0.05),
    minWindow: z.number().int().min(1).default(5),
    maxWindow: z.number().int().min(1).default(100),
  }).prefault({}),
  /** NaN/Inf train or eval loss; a train loss of exactly 0.0 right after a non-finite or large one (HF's NaN filter logs 0.0). */
  nonFinite: z.object({
    mode: ZRuleMode.default("stop"),
    /** A 0.0 train loss counts as a blow-up when the previous logged loss was at least this (or non-finite, or there was none). */
    zeroAfterLossAbove: z.number().min(0).default(0.05),
  }).prefault({}),
  /**
   * A sudden jump of the raw train loss in one logging step (the step before a blow-up: HF's NaN filter
   * then logs 0.0, and the NaN comes later). An alert by default: a lone spike can recover.
   */
  spike: z.object({
    mode: ZRuleMode.default("alert"),
    /** The logged loss at least this many times the smoothed loss before it... */
    ratio: z.number().min(1).default(20),
    /** ...and at least this much above it in absolute terms (nats), so tiny losses do not trip it. */
    minAbsJump: z.number().min(0).default(1),
  }).prefault({}),
  /** Smoothed train loss far above its best, or eval loss jumping well above its minimum while train no longer improves. */
  divergence: z.object({
    mode: ZRuleMode.default("stop"),
    /** Smoothed train loss above best × (1 + trainRatio)... */
    trainRatio: pos.default(0.5),
    /** ...for this many consecutive logged points (a 3× jump fires at once). */
    trainPoints: z.number().int().min(1).default(3),
    /** Absolute floor (nats) under every relative train threshold: at very low losses 0.03 → 0.07 is +133% and still nothing. */
    trainMinAbsRise: z.number().min(0).default(0.1),
    /** Eval loss above its minimum × (1 + evalRatio)... */
    evalRatio: pos.default(0.1),
    /** ...for this many consecutive evaluations... */
    evalCount: z.number().int().min(1).default(2),
    /** Absolute floor (nats) under the relative eval threshold. */
    evalMinAbsRise: z.number().min(0).default(0.05),
    /** ...while the smoothed train loss fell less than this fraction since the best eval. */
    trainImproveTol: frac.default(0.01),
    /**
     * A peak lr at or above this is far too high for any LLM fine-tune: it corroborates a milder rise (the
     * smoothed train loss above best × (1 + highLrTrainRatio), eval above its minimum × (1 + evalRatio)
     * without the noise allowance, since the wobble before the minimum is the instability itself).
     */
    lrFarTooHigh: pos.default(1e-2),
    highLrTrainRatio: pos.default(0.1),
  }).prefault({}),
  /** HF/Lightning early stopping on eval_loss, counted in evaluations. */
  patience: z.object({
    mode: ZRuleMode.default("stop"),
    patience: z.number().int().min(1).default(3),
    /** Absolute improvement needed to count as a new best (HF early_stopping_threshold). */
    minDelta: z.number().min(0).default(0),
    /** Relative improvement needed (fraction of the best), combined with minDelta by max(). */
    minDeltaRel: frac.default(0.001),
    /** Also require this fraction of total steps since the best eval, so very frequent evals do not stop on noise. */
    minStepsFrac: frac.default(0.1),
  }).prefault({}),
  /** Eval loss rising over several evaluations while train loss keeps falling. */
  overfitting: z.object({
    mode: ZRuleMode.default("stop"),
    evals: z.number().int().min(1).default(3),
    /** Latest eval at least this fraction above the minimum. */
    minRise: frac.default(0.01),
    /** Absolute floor (nats) under minRise. */
    minAbsRise: z.number().min(0).default(0.005),
    /** Smoothed train loss fell at least this fraction since the best eval. */
    minTrainDrop: frac.default(0.02),
    minStepsFrac: frac.default(0.05),
  }).prefault({}),
  /** Train loss flat (relative improvement over a window below threshold); meant for runs without eval. */
  plateau: z.object({
    mode: ZRuleMode.default("alert"),
    /** Earliest point, as a fraction of total steps. */
    minFrac: frac.default(0.5),
    /** Window, as a fraction of the logged train points so far (at least 2 smoothing windows). */
    windowFrac: frac.default(0.25),
    maxRelImprovement: frac.default(0.01),
    onlyWithoutEval: z.boolean().default(true),
  }).prefault({}),
  /**
   * Hardly any progress from the start (learning rate far too low). Fine-tuning a pretrained model starts
   * at a low loss (~1–2 nats/token) and gains only 10–40% over a whole run, so "little progress" alone is
   * weak evidence; it needs corroboration (lr far too low, or a loss sitting at the uniform-guess level).
   */
  stall: z.object({
    mode: ZRuleMode.default("stop"),
    /** Earliest point, as a fraction of total steps, when the evidence is corroborated. */
    minFrac: frac.default(0.25),
    /** Corroborated: fires when train loss (and eval loss, if any) are less than this fraction below their starting values. */
    minRelImprovement: frac.default(0.05),
    /** Starting train loss = mean of the first N finite logged losses (at least one smoothing window). */
    startPoints: z.number().int().min(1).default(3),
    /** A peak lr below this is far too low for any LLM fine-tune: corroborates a stall. */
    lrFarTooLow: z.number().min(0).default(1e-6),
    /** Loss of a uniform guess, ln(vocabulary size), when known (0 = unknown): a loss still within 10% of it corroborates a stall. */
    uniformLoss: z.number().min(0).default(0),
    /** Uncorroborated (normal or unknown lr): earliest point, as a fraction of total steps. */
    minFracNormalLr: frac.default(0.6),
    /** Uncorroborated: fires only when neither the loss since the start nor its recent trend improved by this fraction. */
    maxRelImprovementNormalLr: frac.default(0.01),
  }).prefault({}),
});

export type TRulesConfig = z.infer<typeof ZRulesConfig>;
export type TRulesConfigInput = z.input<typeof ZRulesConfig>;
export type TRuleName = Exclude<keyof TRulesConfig, "smoothing">;

export const RULE_ORDER: readonly TRuleName[] = ["nonFinite", "spike", "divergence", "overfitting", "patience", "stall", "plateau"];

export const defaultRulesConfig = (): TRulesConfig => ZRulesConfig.parse({});
