// What to change next time, per state (the practitioners' table in issue 5), with the run's numbers.
import type { RunState } from "./run-state";
import type { TVerdict } from "./types";

const lrText = (lr: number | null): string => (lr === null ? "" : ` (peak lr was ${Number(lr.toPrecision(3))})`);

export function buildAdvice(verdict: TVerdict, s: RunState, bestStep: number | null): string[] {
  const keepBest = bestStep !== null ? `Keep the best checkpoint (at or just after step ${bestStep}), not the last one.` : null;
  const out: string[] = [];
  switch (verdict) {
    case "failed":
      out.push(`Lower the learning rate by 3–10×${lrText(s.peakLr)}; keep gradient clipping on (max_grad_norm: 1.0) and add warmup (warmup_ratio: 0.05–0.1).`);
      out.push("If it still produces NaN: prefer bf16 over fp16, and check the data for empty or extremely long samples.");
      out.push("No checkpoint from this run is worth keeping.");
      break;
    case "diverged":
      out.push(`Lower the learning rate${lrText(s.peakLr)} (e.g. 3–10× lower, or cap it where the loss was still improving); keep max_grad_norm: 1.0 and add warmup (warmup_ratio: 0.05–0.1).`);
      if (keepBest) out.push(keepBest);
      break;
    case "underfitting":
      out.push("Loss is still falling: train longer (more epochs or steps) and/or use a larger effective batch size (per_device_train_batch_size × gradient_accumulation_steps).");
      if (keepBest) out.push(keepBest);
      break;
    case "overfitting":
      out.push(bestStep !== null ? `Train fewer epochs (stop near step ${bestStep}), add more or more varied data, and use the best checkpoint.` : "Train fewer epochs, add more or more varied data, and use the best checkpoint.");
      out.push("Add regularisation (lora_dropout, weight_decay) or, if the adapter is the bottleneck, raise lora_rank.");
      if (keepBest) out.push(keepBest);
      break;
    case "converged":
      out.push("Converged: more steps of this setup bring little. Use the best checkpoint; to do better, change data or model size rather than training longer.");
      if (keepBest) out.push(keepBest);
      break;
    case "stalled":
      out.push(`The loss hardly moves: raise the learning rate by 1–2 orders of magnitude${lrText(s.peakLr)}; check that the lr schedule and warmup are what you meant.`);
      break;
    case "learning":
      out.push("Still learning: let it run.");
      break;
    case "not-judgeable":
      out.push("This log carries no loss to judge (prediction or evaluation only, or just the end-of-training summary); " +
        "for a training run, check that trainer_log.jsonl is the one in the run's output_dir.");
      return out;
  }
  if (s.evalValues.length === 0 && verdict !== "failed") {
    out.push("No eval loss was logged: set val_size (e.g. 0.05), eval_strategy: steps and eval_steps so overfitting can be detected and the best checkpoint chosen.");
  }
  return out;
}
