// A small stochastic model of fine-tuning dynamics. Not canned: the curves follow the hyperparameters.
// Fine-tuning a pretrained model has two speeds. The first tens of steps mostly teach the chat template
// and the answer style (a fast, visible drop: an instruct model on alpaca-like data goes from ~1.5-2.0
// towards ~1.2), then the content of the data is learnt slowly. Both progress variables (Pf fast, Ps
// slow) advance by (diminishing-returns) lr per step, faster with a larger effective batch, so progress
// is driven by lr × steps. Repeated passes over a small dataset build memorisation M (train → ~0.02,
// eval climbs); an lr past the stability limit adds a wandering excess D (unstable/diverged); an absurd
// lr blows up within a few steps (NaN, logged 0.0 losses).
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
  let Pf = 0, P = 0, E = 0, D = 0, blownAt = 0;
  const g = (r) => (r <= 1 ? r : 1 + Math.log(r));
  for (let s = 1; s <= T; s++) {
    const lrS = args.learning_rate * lambda(s - 1);
    lr[s] = lrS;
    const r = lrS / lrRef;
    Pf += g(r) / tauFast;
    P += g(r) / tauSlow;
    const x = lrS / lrCrit;
    // Memorising needs stable updates: an lr past the stability limit scrambles rather than memorises.
    E += Math.min(r, 1) / plan.updatesPerEpoch / Math.max(1, x);
    const M = 1 - Math.exp(-((rho * Math.max(0, E - 1)) ** 2));
    const target = x > 1 ? (0.5 * gap + 0.12 * l0) * Math.tanh(0.5 * (x - 1)) + 0.9 * gap * Math.max(0, Math.log10(x / 10)) : 0;
    D += 0.06 * (target - D) + (x > 1 ? gap * 0.02 * Math.min(x - 1, 3) * gaussian(rand) : 0);
    D = Math.max(x > 1 ? -0.1 * gap : 0, D * (x > 1 ? 1 : 0.97));
    stF[s] = Pf; stP[s] = P; stM[s] = M; stD[s] = D;
    tokens[s] = Math.max(1, Math.round(plan.effBatch * plan.tokensPerSample * (1 + 0.08 * gaussian(rand))));
    const z = gaussian(rand);
    if (!blownAt && lrS >= lrNan) blownAt = s + (rand() < 0.5 ? 1 : 0);
    if (blownAt && s > blownAt) { loss[s] = NaN; gradNorm[s] = NaN; accuracy[s] = NaN; continue; }
    const mean = base(Pf, P) * (1 - M) ** 2 + 0.015 * M + D;
    if (blownAt && s === blownAt) {
      loss[s] = mean * (40 + 600 * rand()); gradNorm[s] = NaN; accuracy[s] = 0.5; continue;
    }
    const noise = sigma * (1 + (x > 1 ? Math.min(x, 6) * 0.12 : 0)) * (1 - 0.6 * M);
    loss[s] = Math.max(0.004, mean * Math.exp(noise * z - (noise * noise) / 2));
    const gn = (0.3 + 1.4 * Math.exp(-0.7 * (P + 0.2 * Pf))) * (1 + (x > 1 ? 0.8 * x : 0) + 3 * (D / gap)) * (1 - 0.5 * M);
    gradNorm[s] = Math.max(0.02, gn * Math.exp(0.25 * gaussian(rand)));
    accuracy[s] = Math.min(1, Math.max(0, 0.5 + 0.42 * (1 - Math.exp(-(P + 0.2 * Pf))) - D + 0.08 * gaussian(rand)));
  }

  function evalAt(s) {
    if (blownAt && s >= blownAt) return NaN;
    const F_ = s > 0 ? stF[s] : 0, P_ = s > 0 ? stP[s] : 0, M_ = s > 0 ? stM[s] : 0, D_ = s > 0 ? stD[s] : 0;
    const jitter = mulberry32((args.seed ?? 42) * 31 + s * 1009)();
    // Held-out data sits slightly above what the model fits on its training batches.
    return (base(F_, P_) * 1.04 + 0.025 + overfitAmp * M_ ** 1.5 + 1.1 * D_) * (1 + 0.006 * (jitter - 0.5));
  }
  return { lr, loss, gradNorm, tokens, accuracy, evalAt, blownAt };
}
