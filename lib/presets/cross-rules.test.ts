import { test } from "node:test";
import assert from "node:assert/strict";
import { CROSS_RULES } from "@/lib/presets/cross-rules";
import { lintConfig } from "@/lib/presets/lint-config";
import type { TConfig } from "@/lib/presets/types";

const BASE: TConfig = {
  model_name_or_path: "Qwen/Qwen2.5-7B-Instruct", stage: "sft", do_train: true, finetuning_type: "lora",
  dataset: "team_sft_data", template: "qwen", bf16: true, output_dir: "saves/x",
};
const EVAL: TConfig = { val_size: 0.1, eval_strategy: "steps", eval_steps: 100, save_steps: 100 };

// One failing and one passing config per rule; `key` is the key the finding must name.
const CASES: Record<string, { key: string; bad: TConfig; good: TConfig }> = {
  "do-train": { key: "do_train", bad: { do_train: false }, good: {} },
  "model-required": { key: "model_name_or_path", bad: { model_name_or_path: undefined }, good: {} },
  "dataset-required": { key: "dataset", bad: { dataset: undefined }, good: {} },
  "bf16-fp16": { key: "fp16", bad: { fp16: true }, good: { bf16: false, fp16: true } },
  "eval-needs-data": { key: "eval_strategy", bad: { eval_strategy: "steps" }, good: { eval_strategy: "steps", eval_dataset: "alpaca_en_demo" } },
  "val-size-vs-eval-dataset": { key: "val_size", bad: { val_size: 0.1, eval_dataset: "x" }, good: { val_size: 0.1 } },
  "val-size-needs-dataset": { key: "val_size", bad: { val_size: 0.1, dataset: undefined }, good: { val_size: 0.1 } },
  "best-model-strategies": { key: "load_best_model_at_end", bad: { ...EVAL, load_best_model_at_end: true, save_strategy: "epoch" },
    good: { ...EVAL, load_best_model_at_end: true } },
  "best-model-steps-multiple": { key: "save_steps", bad: { ...EVAL, load_best_model_at_end: true, save_steps: 150 },
    good: { ...EVAL, load_best_model_at_end: true, save_steps: 300 } },
  "best-model-not-rm-ppo": { key: "load_best_model_at_end", bad: { ...EVAL, stage: "rm", load_best_model_at_end: true }, good: { ...EVAL, stage: "rm" } },
  "save-best-needs-metric": { key: "save_strategy", bad: { save_strategy: "best" }, good: { save_strategy: "best", metric_for_best_model: "eval_loss" } },
  "early-stop-needs-metric": { key: "early_stopping_steps", bad: { ...EVAL, early_stopping_steps: 3 },
    good: { ...EVAL, early_stopping_steps: 3, metric_for_best_model: "eval_loss" } },
  "early-stop-needs-eval": { key: "early_stopping_steps", bad: { early_stopping_steps: 3, metric_for_best_model: "eval_loss" },
    good: { ...EVAL, early_stopping_steps: 3, metric_for_best_model: "eval_loss" } },
  "early-stop-best-model": { key: "early_stopping_steps", bad: { ...EVAL, early_stopping_steps: 3, metric_for_best_model: "eval_loss" },
    good: { ...EVAL, early_stopping_steps: 3, metric_for_best_model: "eval_loss", load_best_model_at_end: true } },
  "plateau-needs-eval": { key: "lr_scheduler_type", bad: { lr_scheduler_type: "reduce_lr_on_plateau" }, good: { ...EVAL, lr_scheduler_type: "reduce_lr_on_plateau" } },
  "quantization-lora-oft": { key: "quantization_bit", bad: { quantization_bit: 4, finetuning_type: "full" }, good: { quantization_bit: 4, finetuning_type: "oft" } },
  "quantization-bits": { key: "quantization_bit", bad: { quantization_bit: 3 }, good: { quantization_bit: 3, quantization_method: "hqq" } },
  "fp8-vs-quantization": { key: "fp8", bad: { fp8: true, quantization_bit: 4 }, good: { fp8: true } },
  "adapter-needs-lora": { key: "adapter_name_or_path", bad: { adapter_name_or_path: "a", finetuning_type: "full" }, good: { adapter_name_or_path: "a" } },
  "lora-only-options": { key: "use_dora", bad: { use_dora: true, finetuning_type: "freeze" }, good: { use_dora: true } },
  "lora-vs-galore-apollo-badam": { key: "use_galore", bad: { use_galore: true }, good: { use_galore: true, finetuning_type: "full" } },
  "one-of-galore-apollo-badam": { key: "use_galore", bad: { use_galore: true, use_badam: true, finetuning_type: "full" }, good: { use_badam: true, finetuning_type: "full" } },
  "deepspeed-vs-galore-apollo": { key: "deepspeed", bad: { deepspeed: "ds.json", use_apollo: true, finetuning_type: "full" }, good: { use_apollo: true, finetuning_type: "full" } },
  "llama-pro-not-full": { key: "use_llama_pro", bad: { use_llama_pro: true, finetuning_type: "full" }, good: { use_llama_pro: true, finetuning_type: "freeze" } },
  "ppo-needs-reward-model": { key: "reward_model", bad: { stage: "ppo" }, good: { stage: "ppo", reward_model: "saves/rm" } },
  "dpo-label-smoothing-sigmoid": { key: "dpo_label_smoothing", bad: { stage: "dpo", pref_loss: "ipo", dpo_label_smoothing: 0.1 },
    good: { stage: "dpo", dpo_label_smoothing: 0.1 } },
  "sft-only-options": { key: "neat_packing", bad: { stage: "pt", neat_packing: true }, good: { neat_packing: true } },
  "mask-history-vs-train-on-prompt": { key: "mask_history", bad: { mask_history: true, train_on_prompt: true }, good: { mask_history: true } },
  "generate-vs-accuracy": { key: "compute_accuracy", bad: { ...EVAL, predict_with_generate: true, compute_accuracy: true }, good: { ...EVAL, compute_accuracy: true } },
  "streaming-max-samples": { key: "max_samples", bad: { streaming: true, max_steps: 100, max_samples: 10 }, good: { streaming: true, max_steps: 100 } },
  "streaming-max-steps": { key: "max_steps", bad: { streaming: true }, good: { streaming: true, max_steps: 1000 } },
  "streaming-val-size": { key: "val_size", bad: { streaming: true, max_steps: 10, val_size: 0.1 }, good: { streaming: true, max_steps: 10, val_size: 500 } },
  "interleave-needs-mix": { key: "interleave_probs", bad: { interleave_probs: "0.5,0.5" }, good: { interleave_probs: "0.5,0.5", mix_strategy: "interleave_under" } },
  "image-pixels": { key: "image_max_pixels", bad: { image_max_pixels: 100, image_min_pixels: 200 }, good: { image_max_pixels: 200, image_min_pixels: 100 } },
  "video-pixels": { key: "video_max_pixels", bad: { video_max_pixels: 100, video_min_pixels: 200 }, good: { video_max_pixels: 512 } },
  "train-backend": { key: "infer_backend", bad: { infer_backend: "vllm" }, good: { infer_backend: "huggingface" } },
  "quantized-device-map": { key: "quantization_device_map", bad: { quantization_device_map: "auto" }, good: { quantization_device_map: null } },
  "mixed-precision": { key: "bf16", bad: { bf16: false }, good: { bf16: false, fp16: true } },
  "deepspeed-torchrun": { key: "deepspeed", bad: { deepspeed: "examples/deepspeed/ds_z3_config.json" }, good: { deepspeed: null } },
  "ray-env": { key: "ray_num_workers", bad: { ray_num_workers: 4 }, good: {} },
};

test("every cross-key rule has a failing and a passing case", () => {
  assert.deepEqual(CROSS_RULES.map((r) => r.id).filter((id) => !(id in CASES)), []);
  assert.deepEqual(Object.keys(CASES).filter((id) => !CROSS_RULES.some((r) => r.id === id)), []);
});

for (const rule of CROSS_RULES) {
  const c = CASES[rule.id];
  if (!c) continue;
  test(`rule ${rule.id}: fails, then passes`, () => {
    const bad = { ...BASE, ...c.bad };
    const good = { ...BASE, ...c.good };
    const lintBad = lintConfig(bad);
    const listBad = rule.severity === "error" ? lintBad.errors : lintBad.warnings;
    assert.ok(listBad.some((i) => i.key === c.key), `no ${rule.severity} on ${c.key}: ${JSON.stringify(lintBad)}`);
    if (rule.severity === "error") assert.equal(lintBad.ok, false);
    assert.equal(rule.check(good), null, `still fires on the passing case: ${JSON.stringify(rule.check(good))}`);
  });
}

test("the base config used above is itself clean", () => {
  assert.deepEqual(lintConfig(BASE), { ok: true, errors: [], warnings: [] });
});

test("eval_steps falls back to logging_steps for the multiple check, as HF does", () => {
  const c = { ...BASE, val_size: 0.1, eval_strategy: "steps", logging_steps: 30, save_steps: 100, load_best_model_at_end: true };
  assert.ok(lintConfig(c).errors.some((e) => e.key === "save_steps" && /multiple of eval_steps \(30\)/.test(e.message)));
});
