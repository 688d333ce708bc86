// "Try the advised change": the seed advice of a run's verdict (lib/rules/build-advice) as concrete
// override sets, computed from the run's own resolved config. Lower lr when it failed or diverged (raise
// it when stalled), more epochs or a larger batch when underfitting, fewer epochs or a higher lora_rank
// when overfitting. Pure: the run page shows them and the launch action recomputes them server-side.
import { tidy } from "@/lib/sweeps/sample-trials";

export type TAdvisedChange = { id: string; label: string; set: Record<string, number>; from: Record<string, unknown> };

const num = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

export function advisedChanges(o: { verdict: string | null; config: Record<string, unknown>; bestStep: number | null; totalSteps: number | null }): TAdvisedChange[] {
  const c = o.config;
  const out: TAdvisedChange[] = [];
  const lr = num(c.learning_rate);
  const epochs = num(c.num_train_epochs) ?? 3; // LF's default
  const maxSteps = num(c.max_steps);
  const scaleLr = (id: string, f: number, what: string) => {
    if (lr === null || lr <= 0) return;
    const to = tidy(lr * f);
    out.push({ id, label: `${what}: learning_rate ${lr} → ${to}`, set: { learning_rate: to }, from: { learning_rate: c.learning_rate } });
  };
  switch (o.verdict) {
    case "failed": scaleLr("lower-lr", 0.1, "Lower the learning rate 10×"); break;
    case "diverged": scaleLr("lower-lr", 1 / 3, "Lower the learning rate 3×"); break;
    case "stalled": scaleLr("raise-lr", 10, "Raise the learning rate 10×"); break;
    case "underfitting": {
      if (maxSteps !== null && maxSteps > 0) out.push({ id: "more-steps", label: `Train longer: max_steps ${maxSteps} → ${maxSteps * 2}`, set: { max_steps: maxSteps * 2 }, from: { max_steps: c.max_steps } });
      else out.push({ id: "more-epochs", label: `Train longer: num_train_epochs ${epochs} → ${tidy(epochs * 2)}`, set: { num_train_epochs: tidy(epochs * 2) }, from: { num_train_epochs: c.num_train_epochs } });
      const ga = num(c.gradient_accumulation_steps) ?? 1;
      out.push({ id: "bigger-batch", label: `Larger effective batch: gradient_accumulation_steps ${ga} → ${ga * 2}`, set: { gradient_accumulation_steps: ga * 2 }, from: { gradient_accumulation_steps: c.gradient_accumulation_steps } });
      break;
    }
    case "overfitting": {
      // Stop near the best step: the epochs that many steps took, rounded up to a tenth.
      const frac = o.bestStep !== null && o.totalSteps && o.totalSteps > 0 ? Math.min(1, o.bestStep / o.totalSteps) : 0.5;
      const fewer = Math.max(0.1, Math.ceil(epochs * frac * 10) / 10);
      if (maxSteps === null || maxSteps <= 0) {
        if (fewer < epochs) out.push({ id: "fewer-epochs", label: `Train fewer epochs: num_train_epochs ${epochs} → ${fewer}`, set: { num_train_epochs: fewer }, from: { num_train_epochs: c.num_train_epochs } });
      } else if (o.bestStep !== null && o.bestStep < maxSteps) {
        out.push({ id: "fewer-steps", label: `Stop near the best step: max_steps ${maxSteps} → ${o.bestStep}`, set: { max_steps: o.bestStep }, from: { max_steps: c.max_steps } });
      }
      if ((c.finetuning_type ?? "lora") === "lora") {
        const rank = num(c.lora_rank) ?? 8; // LF's default
        out.push({ id: "higher-rank", label: `Raise lora_rank ${rank} → ${rank * 2}`, set: { lora_rank: rank * 2 }, from: { lora_rank: c.lora_rank } });
      }
      break;
    }
  }
  return out;
}
