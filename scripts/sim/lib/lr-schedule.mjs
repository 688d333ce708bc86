// HF transformers' LambdaLR schedules (optimization.py). The Trainer logs lr * lambda(global_step - 1):
// the scheduler has stepped once per optimizer step before the log is taken.
import { PyError, SITE } from "./py-error.mjs";

export function makeLrLambda(type, warmup, total, baseLr, kwargs = {}) {
  const warm = (s) => s / Math.max(1, warmup);
  const progress = (s) => (s - warmup) / Math.max(1, total - warmup);
  switch (type) {
    case "linear":
      return (s) => (s < warmup ? warm(s) : Math.max(0, (total - s) / Math.max(1, total - warmup)));
    case "cosine":
      return (s) => (s < warmup ? warm(s) : Math.max(0, 0.5 * (1 + Math.cos(Math.PI * 2 * 0.5 * progress(s)))));
    case "cosine_with_restarts":
      return (s) => {
        if (s < warmup) return warm(s);
        const p = progress(s);
        return p >= 1 ? 0 : Math.max(0, 0.5 * (1 + Math.cos(Math.PI * (p % 1))));
      };
    case "polynomial": {
      const lrEnd = kwargs.lr_end ?? 1e-7;
      const power = kwargs.power ?? 1.0;
      if (!(baseLr > lrEnd)) throw new PyError("ValueError", `lr_end (${lrEnd}) must be smaller than initial lr (${baseLr})`, [[`${SITE}/transformers/optimization.py`, 228, "get_polynomial_decay_schedule_with_warmup", "raise ValueError(f\"lr_end ({lr_end}) must be smaller than initial lr ({lr_init})\")"]]);
      return (s) => {
        if (s < warmup) return warm(s);
        if (s > total) return lrEnd / baseLr;
        const decay = (baseLr - lrEnd) * (1 - (s - warmup) / (total - warmup)) ** power + lrEnd;
        return decay / baseLr;
      };
    }
    case "constant":
    case "reduce_lr_on_plateau":
      return () => 1;
    case "constant_with_warmup":
      return (s) => (s < warmup ? warm(s) : 1);
    case "inverse_sqrt": {
      const timescale = kwargs.timescale ?? (warmup || 10000);
      return (s) => (s < warmup ? warm(s) : 1 / Math.sqrt((s + timescale - warmup) / timescale));
    }
    case "cosine_with_min_lr":
    case "cosine_warmup_with_min_lr": {
      let rate = kwargs.min_lr_rate;
      if (rate === undefined && kwargs.min_lr !== undefined) rate = kwargs.min_lr / baseLr;
      if (rate === undefined) throw new PyError("ValueError", "One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`", [[`${SITE}/transformers/optimization.py`, 382, "get_cosine_with_min_lr_schedule_with_warmup", "raise ValueError(\"One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`\")"]]);
      return (s) => (s < warmup ? warm(s) : (0.5 * (1 + Math.cos(Math.PI * progress(s)))) * (1 - rate) + rate);
    }
    case "warmup_stable_decay": {
      const decay = kwargs.num_decay_steps;
      if (decay === undefined) throw new PyError("TypeError", "get_wsd_schedule() missing 1 required positional argument: 'num_decay_steps'", [[`${SITE}/transformers/optimization.py`, 640, "get_scheduler", "return schedule_func(optimizer, num_warmup_steps=num_warmup_steps, **scheduler_specific_kwargs)"]]);
      const minRatio = kwargs.min_lr_ratio ?? 0;
      const stable = kwargs.num_stable_steps ?? total - warmup - decay;
      return (s) => {
        if (s < warmup) return warm(s);
        if (s < warmup + stable) return 1;
        const p = Math.min(1, (s - warmup - stable) / Math.max(1, decay));
        return minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * p));
      };
    }
    default:
      throw new Error(`unknown scheduler ${type}`);
  }
}
