// A small stochastic model of fine-tuning dynamics. Not canned: the curves follow the hyperparameters.
// Fine-tuning a pretrained model has two speeds. The first tens of steps mostly teach the chat template
// and the answer style (a fast, visible drop: an instruct model on alpaca-like data goes from ~1.5-2.0
// towards ~1.2), then the content of the data is learnt slowly. Both progress variables (Pf fast, Ps
// slow) advance by (diminishing-returns) lr per step, faster with a larger effective batch, so progress
// is driven by lr × steps. Repeated passes over a small dataset build memorisation M (train → ~0.02,
// eval climbs); an lr past the stability limit adds a wandering excess D (unstable/diverged); an absurd
// lr blows up within a few steps (NaN, logged 0.0 losses).
// Memorisation shows on the train loss as a staircase: a batch's loss depends on how often its samples were
// seen, which only changes when the next pass over the data starts, so the loss is flat within an epoch
// and drops at each boundary (real multi-epoch runs on small data look like this). The eval loss moves
// with the weights: between evaluations it jitters by how far SGD noise moved them (∝ lr) as seen
// through a finite validation set (∝ 1/√n): a few percent on a 20-sample set, well under 1% on thousands.
// Deterministic for a given seed, so a resumed run recomputes exactly the steps it had before.
import { makeLrLambda } from "./lr-schedule.mjs";

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const LR_REF = { lora: 1e-4, oft: 1e-4, freeze: 3e-5, full: 1e-5 };

/**
 * @returns per-step arrays (index = global step, 1-based) and evalAt(step) for the eval loss.
 */
export function buildTrajectory(args, plan, model) {
  const T = plan.maxSteps;
  const lrRef = LR_REF[args.finetuning_type] ?? 1e-4;
  const lrCrit = lrRef * 50;
  const lrNan = lrRef * 3000;
  const lambda = makeLrLambda(args.lr_scheduler_type, plan.warmupSteps, T, args.learning_rate, args.lr_scheduler_kwargs ?? {});
  const skill = model.skill ?? 1;
  const dpo = args.stage === "dpo" || args.stage === "kto";
  const l0 = dpo ? plan.data.l0 : plan.data.l0 * skill;
  const lf = dpo ? plan.data.lf : plan.data.lf * skill;
  const gap = Math.max(0.05, l0 - lf);
  // The unfamiliar template/answer style costs extra loss at the start. A preference loss starts at
  // exactly ln 2 whatever the model knows, and plain-text pretraining has no template to learn.
  const fmt = dpo ? 0 : (args.stage === "pt" ? 0.08 : 0.25) * l0;
  const fastAmp = fmt + 0.35 * gap;
  const slowAmp = 0.65 * gap;
  const overfitAmp = 0.9 * (lf * 1.04 + 0.025) + 0.3;
  // Steps for 1 - 1/e of each phase at lr = lrRef; a larger effective batch sees more data per step.
  const batchScale = Math.sqrt(16 / Math.min(512, Math.max(1, plan.effBatch))) / (args.finetuning_type === "full" ? 1.5 : 1);
  const tauFast = 4 * batchScale;
  const tauSlow = 70 * batchScale;
  const rho = 0.32 * Math.pow(100 / Math.max(1, plan.nTrain), 0.15) * (args.finetuning_type === "full" ? 1.5 : 1);
  const sigma = 0.12 * Math.sqrt(8 / plan.effBatch);

  const base = (pf, ps) => lf + fastAmp * Math.exp(-pf) + slowAmp * Math.exp(-ps);
  const rand = mulberry32((args.seed ?? 42) * 7919 + 17);
  const lr = new Float64Array(T + 1);
  const loss = new Float64Array(T + 1);
  const gradNorm = new Float64Array(T + 1);
  const tokens = new Float64Array(T + 1);
  const accuracy = new Float64Array(T + 1);
  const stF = new Float64Array(T + 1), stP = new Float64Array(T + 1), stM = new Float64Array(T + 1), stD = new Float64Array(T + 1);
  const evalZ = new Float64Array(T + 1), evalRel = new Float64Array(T + 1);
  // Its own stream: the eval jitter does not shift the train-loss draws of a given seed.
  const erand = mulberry32((args.seed ?? 42) * 104729 + 3);
  const evalBase = evalJitterBase(plan.nEval);
  const phi = Math.exp(-1 / EVAL_NOISE_TAU_STEPS);
  let ou = 0;
  const memo = (e) => 1 - Math.exp(-((rho * Math.max(0, e)) ** 2));
  let Pf = 0, P = 0, E = 0, D = 0, blownAt = 0, Epass = 0;
  const g = (r) => (r <= 1 ? r : 1 + Math.log(r));
  for (let s = 1; s <= T; s++) {
    const lrS = args.learning_rate * lambda(s - 1);
    lr[s] = lrS;
    const r = lrS / lrRef;
    Pf += g(r) / tauFast;
    P += g(r) / tauSlow;
    const x = lrS / lrCrit;
    // Memorising needs stable updates: an lr past the stability limit scrambles rather than memorises.
    // Exposure at the start of this pass over the data: what this step's batch has already been trained on.
    if ((s - 1) % plan.updatesPerEpoch === 0) Epass = E;
    E += Math.min(r, 1) / plan.updatesPerEpoch / Math.max(1, x);
    // Held-out loss sees memorisation grow smoothly with the weights; the train batches see it per pass.
    const M = memo(E - 1);
    const Mtr = memo(Epass);
    ou = phi * ou + Math.sqrt(1 - phi * phi) * gaussian(erand);
    evalZ[s] = 0.6 * ou + 0.8 * gaussian(erand);
    evalRel[s] = evalBase * Math.sqrt(EVAL_NOISE_FLOOR + Math.min(r, 3));
    const target = x > 1 ? (0.5 * gap + 0.12 * l0) * Math.tanh(0.5 * (x - 1)) + 0.9 * gap * Math.max(0, Math.log10(x / 10)) : 0;
    D += 0.06 * (target - D) + (x > 1 ? gap * 0.02 * Math.min(x - 1, 3) * gaussian(rand) : 0);
    D = Math.max(x > 1 ? -0.1 * gap : 0, D * (x > 1 ? 1 : 0.97));
    stF[s] = Pf; stP[s] = P; stM[s] = M; stD[s] = D;
    tokens[s] = Math.max(1, Math.round(plan.effBatch * plan.tokensPerSample * (1 + 0.08 * gaussian(rand))));
    const z = gaussian(rand);
    if (!blownAt && lrS >= lrNan) blownAt = s + (rand() < 0.5 ? 1 : 0);
    if (blownAt && s > blownAt) { loss[s] = NaN; gradNorm[s] = NaN; accuracy[s] = NaN; continue; }
    const mean = base(Pf, P) * (1 - Mtr) ** 2 + 0.015 * Mtr + D;
    if (blownAt && s === blownAt) {
      loss[s] = mean * (40 + 600 * rand()); gradNorm[s] = NaN; accuracy[s] = 0.5; continue;
    }
    const noise = sigma * (1 + (x > 1 ? Math.min(x, 6) * 0.12 : 0)) * (1 - 0.6 * Mtr);
    loss[s] = Math.max(0.004, mean * Math.exp(noise * z - (noise * noise) / 2));
    const gn = (0.3 + 1.4 * Math.exp(-0.7 * (P + 0.2 * Pf))) * (1 + (x > 1 ? 0.8 * x : 0) + 3 * (D / gap)) * (1 - 0.5 * Mtr);
    gradNorm[s] = Math.max(0.02, gn * Math.exp(0.25 * gaussian(rand)));
    accuracy[s] = Math.min(1, Math.max(0, 0.5 + 0.42 * (1 - Math.exp(-(P + 0.2 * Pf))) - D + 0.08 * gaussian(rand)));
  }

  function evalAt(s) {
    if (blownAt && s >= blownAt) return NaN;
    const F_ = s > 0 ? stF[s] : 0, P_ = s > 0 ? stP[s] : 0, M_ = s > 0 ? stM[s] : 0, D_ = s > 0 ? stD[s] : 0;
    // Held-out data sits slightly above what the model fits on its training batches.
    const mean = base(F_, P_) * 1.04 + 0.025 + overfitAmp * M_ ** 1.5 + 1.1 * D_;
    if (s <= 0) return mean;
    const sd = evalRel[s];
    return mean * Math.exp(sd * evalZ[s] - (sd * sd) / 2);
  }
  return { lr, loss, gradNorm, tokens, accuracy, evalAt, evalNoiseAt: (s) => (s > 0 ? evalRel[s] : 0), blownAt };
}

/** Eval jitter decorrelates over this many optimizer steps (the weights wander, they do not jump). */
const EVAL_NOISE_TAU_STEPS = 20;
/** Share of the jitter left at lr → 0 (bf16 kernels, dropout-free eval still differs run to run). */
const EVAL_NOISE_FLOOR = 0.05;

/**
 * Relative σ of the eval loss between evaluations at the reference lr, for a validation set of n samples:
 * ~3% at 20 samples, ~1.6% at 100, ~0.6% at 2000 (the gpu-runs fixtures, 384–512 sequences, jitter by
 * 0.6–2% while the lr is high and almost not at all once it has decayed).
 */
export function evalJitterBase(n) {
  return 0.003 + 0.13 / Math.sqrt(Math.max(1, n));
}
