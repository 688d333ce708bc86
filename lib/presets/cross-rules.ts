// Checks across keys that LLaMA-Factory (hparams/parser.py, the dataclass __post_init__s) or HF
// TrainingArguments._validate_args enforce at start-up, so a preset fails here instead of minutes
// into a run on a GPU host. Defaults are LF's/HF's own, so an unset key behaves as it would there.
import type { TConfig, TIssue } from "@/lib/presets/types";

export type TRule = { id: string; severity: "error" | "warning"; check: (c: TConfig) => TIssue | null };

const val = <T>(c: TConfig, key: string, dflt: T): T => (c[key] === undefined || c[key] === null ? dflt : (c[key] as T));
const on = (c: TConfig, key: string) => c[key] === true;
const set = (c: TConfig, key: string) => c[key] !== undefined && c[key] !== null;
const stage = (c: TConfig) => val(c, "stage", "sft");
const ftype = (c: TConfig) => val(c, "finetuning_type", "lora");
const evalStrategy = (c: TConfig) => val(c, "eval_strategy", "no");
const saveStrategy = (c: TConfig) => val(c, "save_strategy", "steps");
// HF falls back to logging_steps when eval_steps is unset (TrainingArguments.__post_init__).
const evalSteps = (c: TConfig) => val<number>(c, "eval_steps", val<number>(c, "logging_steps", 500));
const valSize = (c: TConfig) => val<number>(c, "val_size", 0);
const wantsEval = (c: TConfig) =>
  evalStrategy(c) !== "no" || on(c, "do_eval") || on(c, "do_predict") || on(c, "predict_with_generate");
const issue = (key: string, message: string): TIssue => ({ key, message });

export const CROSS_RULES: TRule[] = [
  { id: "do-train", severity: "error", check: (c) =>
    // An evaluation-only config (a checkpoint's predict run) trains nothing, as LF allows.
    on(c, "do_train") || on(c, "do_predict") || on(c, "do_eval") ? null : issue("do_train", "a training preset needs `do_train: true`") },
  { id: "model-required", severity: "error", check: (c) =>
    set(c, "model_name_or_path") ? null : issue("model_name_or_path", "is required (LF: \"Please provide `model_name_or_path`.\")") },
  { id: "dataset-required", severity: "error", check: (c) =>
    !on(c, "do_train") || set(c, "dataset") ? null : issue("dataset", "is required for training (LF: \"Please specify dataset for training.\")") },
  { id: "bf16-fp16", severity: "error", check: (c) =>
    on(c, "bf16") && on(c, "fp16") ? issue("fp16", "fp16 and bf16 cannot both be true; pick one") : null },
  { id: "eval-needs-data", severity: "error", check: (c) => {
    if (!wantsEval(c) || set(c, "eval_dataset") || valSize(c) > 1e-6) return null;
    const key = evalStrategy(c) !== "no" ? "eval_strategy" : on(c, "predict_with_generate") ? "predict_with_generate" : on(c, "do_predict") ? "do_predict" : "do_eval";
    return issue(key, "evaluation needs `val_size` above 0 or an `eval_dataset`");
  } },
  { id: "val-size-vs-eval-dataset", severity: "error", check: (c) =>
    valSize(c) > 1e-6 && set(c, "eval_dataset") ? issue("val_size", "cannot be set together with `eval_dataset`; use one of them") : null },
  { id: "val-size-needs-dataset", severity: "error", check: (c) =>
    valSize(c) > 1e-6 && !set(c, "dataset") ? issue("val_size", "needs `dataset` to split the validation set from") : null },
  { id: "best-model-strategies", severity: "error", check: (c) => {
    if (!on(c, "load_best_model_at_end") || saveStrategy(c) === "best" || evalStrategy(c) === saveStrategy(c)) return null;
    return issue("load_best_model_at_end", `needs save_strategy and eval_strategy to match (save: ${saveStrategy(c)}, eval: ${evalStrategy(c)})`);
  } },
  { id: "best-model-steps-multiple", severity: "error", check: (c) => {
    if (!on(c, "load_best_model_at_end") || saveStrategy(c) !== "steps" || evalStrategy(c) !== "steps") return null;
    const save = val<number>(c, "save_steps", 500);
    const ev = evalSteps(c);
    if ((save < 1) !== (ev < 1)) return issue("save_steps", "cannot mix a ratio and an absolute step count with eval_steps when load_best_model_at_end is true");
    const m = 1_000_000; // HF's own trick against float remainders for ratios
    return Math.round(save * m) % Math.round(ev * m) === 0 ? null
      : issue("save_steps", `must be a multiple of eval_steps (${ev}) when load_best_model_at_end is true; got ${save}`);
  } },
  { id: "best-model-not-rm-ppo", severity: "error", check: (c) =>
    on(c, "load_best_model_at_end") && ["rm", "ppo"].includes(stage(c)) ? issue("load_best_model_at_end", "RM and PPO stages do not support it") : null },
  { id: "save-best-needs-metric", severity: "error", check: (c) =>
    saveStrategy(c) === "best" && !set(c, "metric_for_best_model") ? issue("save_strategy", "`best` needs `metric_for_best_model`") : null },
  { id: "early-stop-needs-metric", severity: "error", check: (c) =>
    // HF defaults metric_for_best_model to "loss" when load_best_model_at_end is on.
    set(c, "early_stopping_steps") && !set(c, "metric_for_best_model") && !on(c, "load_best_model_at_end")
      ? issue("early_stopping_steps", "needs `metric_for_best_model` (e.g. eval_loss)") : null },
  { id: "early-stop-needs-eval", severity: "error", check: (c) =>
    set(c, "early_stopping_steps") && evalStrategy(c) === "no" ? issue("early_stopping_steps", "needs an `eval_strategy` other than no") : null },
  { id: "early-stop-best-model", severity: "warning", check: (c) =>
    set(c, "early_stopping_steps") && !on(c, "load_best_model_at_end")
      ? issue("early_stopping_steps", "without `load_best_model_at_end: true` the final model is the last one, not the best") : null },
  { id: "plateau-needs-eval", severity: "error", check: (c) =>
    c.lr_scheduler_type === "reduce_lr_on_plateau" && evalStrategy(c) === "no" ? issue("lr_scheduler_type", "reduce_lr_on_plateau needs an `eval_strategy` other than no") : null },
  { id: "quantization-lora-oft", severity: "error", check: (c) =>
    set(c, "quantization_bit") && !["lora", "oft"].includes(ftype(c)) ? issue("quantization_bit", "quantization only works with finetuning_type lora or oft") : null },
  { id: "quantization-bits", severity: "error", check: (c) => {
    if (!set(c, "quantization_bit")) return null;
    const bits = c.quantization_bit as number;
    const method = val<string>(c, "quantization_method", "bnb");
    if (method === "bnb" && bits !== 4 && bits !== 8) return issue("quantization_bit", "bitsandbytes only accepts 4 or 8");
    if (method === "eetq" && bits !== 8) return issue("quantization_bit", "EETQ only accepts 8");
    return null;
  } },
  { id: "fp8-vs-quantization", severity: "error", check: (c) =>
    on(c, "fp8") && set(c, "quantization_bit") ? issue("fp8", "FP8 training is not compatible with quantization_bit") : null },
  { id: "adapter-needs-lora", severity: "error", check: (c) =>
    set(c, "adapter_name_or_path") && ftype(c) !== "lora" ? issue("adapter_name_or_path", "adapters only work with finetuning_type lora") : null },
  { id: "lora-only-options", severity: "error", check: (c) => {
    if (ftype(c) === "lora") return null;
    const key = ["loraplus_lr_ratio", "use_rslora", "use_dora", "pissa_init"].find((k) => (k === "loraplus_lr_ratio" ? set(c, k) : on(c, k)));
    return key ? issue(key, "is only valid with finetuning_type lora") : null;
  } },
  { id: "lora-vs-galore-apollo-badam", severity: "error", check: (c) => {
    const key = ["use_galore", "use_apollo", "use_badam"].find((k) => on(c, k));
    return ftype(c) === "lora" && key ? issue(key, "cannot be combined with LoRA") : null;
  } },
  { id: "one-of-galore-apollo-badam", severity: "error", check: (c) =>
    ["use_galore", "use_apollo", "use_badam"].filter((k) => on(c, k)).length > 1 ? issue("use_galore", "GaLore, APOLLO and BAdam cannot be used together") : null },
  { id: "deepspeed-vs-galore-apollo", severity: "error", check: (c) =>
    set(c, "deepspeed") && (on(c, "use_galore") || on(c, "use_apollo")) ? issue("deepspeed", "GaLore and APOLLO do not work with DeepSpeed") : null },
  { id: "llama-pro-not-full", severity: "error", check: (c) =>
    on(c, "use_llama_pro") && ftype(c) === "full" ? issue("use_llama_pro", "is only valid for freeze or lora training") : null },
  { id: "ppo-needs-reward-model", severity: "error", check: (c) =>
    stage(c) === "ppo" && !set(c, "reward_model") ? issue("reward_model", "is required for the ppo stage") : null },
  { id: "dpo-label-smoothing-sigmoid", severity: "error", check: (c) =>
    stage(c) === "dpo" && val(c, "pref_loss", "sigmoid") !== "sigmoid" && val<number>(c, "dpo_label_smoothing", 0) > 1e-6
      ? issue("dpo_label_smoothing", "only works with pref_loss sigmoid") : null },
  { id: "sft-only-options", severity: "error", check: (c) => {
    if (stage(c) === "sft") return null;
    const key = ["predict_with_generate", "neat_packing", "train_on_prompt", "mask_history"].find((k) => on(c, k));
    return key ? issue(key, `only works with stage sft (stage is ${stage(c)})`) : null;
  } },
  { id: "mask-history-vs-train-on-prompt", severity: "error", check: (c) =>
    on(c, "mask_history") && on(c, "train_on_prompt") ? issue("mask_history", "cannot be combined with train_on_prompt") : null },
  { id: "generate-vs-accuracy", severity: "error", check: (c) =>
    on(c, "predict_with_generate") && on(c, "compute_accuracy") ? issue("compute_accuracy", "cannot be combined with predict_with_generate") : null },
  { id: "streaming-max-samples", severity: "error", check: (c) =>
    on(c, "streaming") && set(c, "max_samples") ? issue("max_samples", "cannot be used with streaming") : null },
  { id: "streaming-max-steps", severity: "error", check: (c) =>
    on(c, "streaming") && val<number>(c, "max_steps", -1) === -1 ? issue("max_steps", "must be set in streaming mode") : null },
  { id: "streaming-val-size", severity: "error", check: (c) =>
    on(c, "streaming") && valSize(c) > 1e-6 && valSize(c) < 1 ? issue("val_size", "must be a sample count (above 1) in streaming mode") : null },
  { id: "interleave-needs-mix", severity: "error", check: (c) =>
    set(c, "interleave_probs") && val(c, "mix_strategy", "concat") === "concat" ? issue("interleave_probs", "only applies to an interleave mix_strategy") : null },
  { id: "image-pixels", severity: "error", check: (c) =>
    val<number>(c, "image_max_pixels", 768 * 768) < val<number>(c, "image_min_pixels", 32 * 32) ? issue("image_max_pixels", "cannot be smaller than image_min_pixels") : null },
  { id: "video-pixels", severity: "error", check: (c) =>
    val<number>(c, "video_max_pixels", 256 * 256) < val<number>(c, "video_min_pixels", 16 * 16) ? issue("video_max_pixels", "cannot be smaller than video_min_pixels") : null },
  { id: "train-backend", severity: "error", check: (c) =>
    val(c, "infer_backend", "huggingface") !== "huggingface" ? issue("infer_backend", "vLLM/SGLang only serve chat and API; training needs huggingface") : null },
  { id: "quantized-device-map", severity: "error", check: (c) =>
    c.quantization_device_map === "auto" ? issue("quantization_device_map", "cannot be auto when training a quantized model") : null },
  { id: "mixed-precision", severity: "warning", check: (c) =>
    on(c, "bf16") || on(c, "fp16") || on(c, "pure_bf16") ? null : issue("bf16", "no mixed precision (bf16 or fp16): training is slower and uses more memory") },
  { id: "deepspeed-torchrun", severity: "warning", check: (c) =>
    set(c, "deepspeed") ? issue("deepspeed", "DeepSpeed needs torchrun: on a single GPU LF requires FORCE_TORCHRUN=1") : null },
  { id: "ray-env", severity: "warning", check: (c) =>
    set(c, "ray_num_workers") ? issue("ray_num_workers", "only used when the run starts with USE_RAY=1") : null },
];

export function crossKeyIssues(c: TConfig): { errors: TIssue[]; warnings: TIssue[] } {
  const errors: TIssue[] = [];
  const warnings: TIssue[] = [];
  for (const rule of CROSS_RULES) {
    const found = rule.check(c);
    if (found) (rule.severity === "error" ? errors : warnings).push(found);
  }
  return { errors, warnings };
}
