// The engine's running summary of one run's curves: O(1) work per point, arrays only for the
// smoothed train loss and the evals (windows look back into them).
import { createEma, emaWeightForWindow, type TEma } from "@/lib/metrics/ema";
import type { TRulesConfig } from "./config";
import type { TEnginePoint } from "./types";

export type TNonFiniteEvent = { step: number; what: string };

export class RunState {
  totalSteps: number | null = null;
  lastStep: number | null = null;
  segment = 0;
  peakLr: number | null = null;

  window = 0;
  private ema: TEma | null = null;
  private alpha = 0;
  /** EMA of |raw − previous smoothed| / previous smoothed: the train loss's relative noise (plus trend). */
  private residualAvg = 0;
  private residualN = 0;
  /** Relative increases between consecutive evals: how much this eval curve moves up by chance. */
  private evalUps: { idx: number; rise: number }[] = [];
  /** Valid train points: finite and not a blow-up 0.0. */
  trainSteps: number[] = [];
  trainSmooth: number[] = [];
  private startSum = 0;
  startLoss: number | null = null;
  bestSmooth: number | null = null;
  bestSmoothStep: number | null = null;
  /** Previous logged train loss (any value); null before the first. */
  prevRawLoss: number | null = null;
  blownUp = false;
  nonFinite: TNonFiniteEvent | null = null;
  /** First sudden jump of the raw train loss (spike rule). */
  spike: { step: number; loss: number; before: number } | null = null;

  /** Epoch of each valid train point (null when the log has none), for like-with-like windows. */
  trainEpochs: (number | null)[] = [];
  /** Raw valid train losses (the epoch means and within-epoch trends read them). */
  trainRaw: number[] = [];
  /** PPO reward / DPO accuracy per train point that has one (their own quality signals). */
  rewardSteps: number[] = [];
  rewards: number[] = [];
  accuracies: number[] = [];

  evalSteps: number[] = [];
  evalValues: number[] = [];
  /** Smoothed train loss when each eval arrived (the train line of the same step comes first). */
  evalTrain: (number | null)[] = [];
  bestEvalIdx = -1;

  /** Consecutive evals above best × (1 + divergence.evalRatio). */
  evalAboveCount = 0;
  /** Consecutive train points above best smoothed × (1 + divergence.trainRatio). */
  trainAboveCount = 0;
  /** The same two counts at the thresholds that apply once the lr is known to be far too high. */
  evalAboveCountHighLr = 0;
  trainAboveCountHighLr = 0;

  /** Lightning-style patience: the best only moves on an improvement larger than min_delta. */
  patienceBest: number | null = null;
  patienceBestStep: number | null = null;
  patienceWait = 0;

  constructor(private readonly cfg: TRulesConfig) {}

  /** A PPO run (its train lines carry `reward`): its loss is the objective of a moving target, not a quality signal. */
  get isPpo(): boolean { return this.rewards.length > 0; }
  get trainNow(): number | null { return this.trainSmooth[this.trainSmooth.length - 1] ?? null; }
  get bestEval(): number | null { return this.evalValues[this.bestEvalIdx] ?? null; }
  get bestEvalStep(): number | null { return this.evalSteps[this.bestEvalIdx] ?? null; }
  get bestEvalTrain(): number | null { return this.evalTrain[this.bestEvalIdx] ?? null; }
  get lastEval(): number | null { return this.evalValues[this.evalValues.length - 1] ?? null; }
  get evalsSinceBest(): number { return this.bestEvalIdx < 0 ? 0 : this.evalValues.length - 1 - this.bestEvalIdx; }
  /** Valid train points the starting level is averaged over. */
  get startWindow(): number { return Math.max(this.cfg.stall.startPoints, this.window); }
  /** Fraction of the run done, or null when total_steps is unknown. */
  get progress(): number | null {
    return this.totalSteps && this.lastStep !== null ? this.lastStep / this.totalSteps : null;
  }

  private initSmoothing(firstStep: number): void {
    const s = this.cfg.smoothing;
    // logging_steps is the first logged step of a fresh run; the window is a share of the points to come.
    const expected = this.totalSteps && firstStep > 0 ? this.totalSteps / firstStep : 0;
    const n = expected > 0 ? Math.round(expected * s.windowFrac) : 10;
    this.window = Math.min(s.maxWindow, Math.max(s.minWindow, n));
    const w = emaWeightForWindow(this.window);
    this.alpha = 1 - w;
    this.ema = createEma(w);
  }

  /** Whether a train loss value is a real loss (not NaN/Inf, not the 0.0 HF logs for an all-NaN window). */
  private isBlowUpZero(loss: number): boolean {
    if (loss !== 0) return false;
    const prev = this.prevRawLoss;
    return this.blownUp || prev === null || !Number.isFinite(prev) || prev >= this.cfg.nonFinite.zeroAfterLossAbove;
  }

  apply(p: TEnginePoint): void {
    if (p.totalSteps) this.totalSteps = p.totalSteps;
    this.lastStep = p.step;
    if (p.segment !== undefined) this.segment = p.segment;
    if (p.lr != null && Number.isFinite(p.lr)) this.peakLr = Math.max(this.peakLr ?? 0, p.lr);
    if (p.kind === "TRAIN" && p.loss !== null) {
      const valid = this.applyTrain(p.step, p.loss);
      if (valid) {
        this.trainEpochs.push(p.epoch ?? null);
        this.trainRaw.push(p.loss);
        if (p.reward != null && Number.isFinite(p.reward)) { this.rewardSteps.push(p.step); this.rewards.push(p.reward); }
        if (p.accuracy != null && Number.isFinite(p.accuracy)) this.accuracies.push(p.accuracy);
      }
    }
    else if (p.kind === "EVAL" && p.evalLoss !== null) this.applyEval(p.step, p.evalLoss);
  }

  /** Returns whether the loss was a valid (finite, not blow-up) point. */
  private applyTrain(step: number, loss: number): boolean {
    if (!this.ema) this.initSmoothing(step);
    const blowUp = !Number.isFinite(loss) || this.isBlowUpZero(loss);
    this.prevRawLoss = loss;
    if (blowUp) {
      this.blownUp = true;
      this.nonFinite ??= {
        step,
        what: Number.isFinite(loss) ? "train loss is exactly 0.0 right after a blow-up" : `train loss is ${loss}`,
      };
      return false;
    }
    const prevSm = this.trainNow;
    const sp = this.cfg.spike;
    if (!this.spike && prevSm !== null && prevSm > 0 && loss >= prevSm * sp.ratio && loss - prevSm >= sp.minAbsJump) {
      this.spike = { step, loss, before: prevSm };
    }
    if (prevSm !== null && prevSm > 0) {
      const r = Math.abs(loss - prevSm) / prevSm;
      this.residualAvg = this.residualN === 0 ? r : this.residualAvg * (1 - this.alpha) + this.alpha * r;
      this.residualN++;
    }
    const sm = this.ema!.push(loss);
    this.trainSteps.push(step);
    this.trainSmooth.push(sm);
    const n = this.trainSmooth.length;
    // The starting level spans at least a full smoothing window: a single noisy draw must not set it.
    if (n <= this.startWindow) {
      this.startSum += loss;
      this.startLoss = this.startSum / n;
    }
    // Until the EMA spans a full window it is close to the raw (noisy) values: one low draw must not become "the best".
    if (n >= this.window && (this.bestSmooth === null || sm < this.bestSmooth)) { this.bestSmooth = sm; this.bestSmoothStep = step; }
    const floor = this.cfg.divergence.trainMinAbsRise;
    const above = (ratio: number) => this.bestSmooth !== null && this.bestSmooth > 0 && sm > this.bestSmooth * (1 + ratio) && sm - this.bestSmooth >= floor;
    this.trainAboveCount = above(this.trainJumpRatio) ? this.trainAboveCount + 1 : 0;
    this.trainAboveCountHighLr = above(this.cfg.divergence.highLrTrainRatio + 2 * this.trainNoise) ? this.trainAboveCountHighLr + 1 : 0;
    return true;
  }

  private applyEval(step: number, value: number): void {
    if (!Number.isFinite(value)) {
      this.nonFinite ??= { step, what: `eval loss is ${value}` };
      return;
    }
    const prev = this.lastEval;
    // Judged against the minimum before this eval and the noise seen before it.
    const floor = this.cfg.divergence.evalMinAbsRise;
    const above = this.bestEval !== null && this.bestEval > 0 && value > this.bestEval * (1 + this.evalJumpRatio) && value - this.bestEval >= floor;
    // A jump is the event under test, not noise: only ordinary rises widen the margin.
    if (!above && prev !== null && prev > 0 && value > prev) this.evalUps.push({ idx: this.evalValues.length, rise: value / prev - 1 });
    this.evalSteps.push(step);
    this.evalValues.push(value);
    this.evalTrain.push(this.trainNow);
    const best = this.bestEval;
    if (best === null || value < best) this.bestEvalIdx = this.evalValues.length - 1;
    this.evalAboveCount = above ? this.evalAboveCount + 1 : 0;
    const abovePlain = best !== null && best > 0 && value > best * (1 + this.cfg.divergence.evalRatio) && value - best >= floor;
    this.evalAboveCountHighLr = abovePlain ? this.evalAboveCountHighLr + 1 : 0;

    const pc = this.cfg.patience;
    const pb = this.patienceBest;
    if (pb === null || pb - value > Math.max(pc.minDelta, pc.minDeltaRel * Math.abs(pb))) {
      this.patienceBest = value; this.patienceBestStep = step; this.patienceWait = 0;
    } else {
      this.patienceWait++;
    }
  }

  /**
   * Relative noise of the smoothed train loss: 1.25 × mean abs residual ≈ σ of the raw loss, scaled by
   * the EMA's variance factor. Noisy runs (batch size 1, logging_steps 1) get wider margins.
   */
  get trainNoise(): number {
    if (this.residualN < 2) return 0;
    return 1.25 * this.residualAvg * Math.sqrt(this.alpha / (2 - this.alpha));
  }

  /** Peak lr so far at or above divergence.lrFarTooHigh. */
  get lrFarTooHigh(): boolean { return this.peakLr !== null && this.peakLr >= this.cfg.divergence.lrFarTooHigh; }

  /** How far above its best the smoothed train loss must sit to count as diverging. */
  get trainJumpRatio(): number { return this.cfg.divergence.trainRatio + 4 * this.trainNoise; }

  /** Typical chance rise of this eval curve: median of its recent relative increases (0 if it never rose). */
  get evalNoise(): number {
    // Only rises up to the current best: while eval is still descending they are chance; after the
    // minimum they are the very trend the rules are testing.
    const ups: number[] = [];
    for (let i = this.evalUps.length - 1, scanned = 0; i >= 0 && ups.length < 10 && scanned < 200; i--, scanned++) {
      const u = this.evalUps[i]!;
      if (u.idx <= this.bestEvalIdx) ups.push(u.rise);
    }
    ups.sort((a, b) => a - b);
    if (ups.length === 0) return 0;
    const m = ups.length >> 1;
    return ups.length % 2 ? ups[m]! : (ups[m - 1]! + ups[m]!) / 2;
  }

  /** How far above its minimum an eval must be to count as a jump (divergence). */
  get evalJumpRatio(): number { return this.cfg.divergence.evalRatio + 2 * this.evalNoise; }

  /**
   * Mean of the smoothed train loss over the last `k` valid points, when all of them come after the best
   * smoothed point (a sustained level above the best, not a spike); null otherwise.
   */
  sustainedSince(k: number): number | null {
    const n = this.trainSmooth.length;
    if (k < 1 || n < k || this.bestSmoothStep === null || this.trainSteps[n - k]! <= this.bestSmoothStep) return null;
    let sum = 0;
    for (let i = n - k; i < n; i++) sum += this.trainSmooth[i]!;
    return sum / k;
  }

  /** Smoothed train loss `k` valid points before the latest (clamped to the first). */
  smoothAgo(k: number): { value: number; step: number } | null {
    const n = this.trainSmooth.length;
    if (n === 0) return null;
    const i = Math.max(0, n - 1 - k);
    return { value: this.trainSmooth[i]!, step: this.trainSteps[i]! };
  }
}
