// The predict YAML "Evaluate this checkpoint" uploads: the training run's model keys only (no training
// keys, no secrets), LoRA checkpoints as adapters, full fine-tunes as the model itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { lintConfig } from "@/lib/presets/lint-config";
import { predictYaml } from "./evaluate-checkpoint";

const TRAIN = { model_name_or_path: "Qwen/Qwen2.5-7B-Instruct", stage: "sft", do_train: true, finetuning_type: "lora", template: "qwen", cutoff_len: 1024,
  dataset: "alpaca_en_demo", learning_rate: 5e-5, num_train_epochs: 3, val_size: 0.1, eval_strategy: "steps", hub_token: "hf_secret", fp16: true,
  per_device_eval_batch_size: 8 };

test("LoRA: adapter_name_or_path is the checkpoint; only model keys are kept; LF's own lint passes", () => {
  const y = predictYaml({ config: TRAIN, checkpointDir: "/runs/r1/checkpoint-40", dataset: ["identity", "alpaca_en_demo"], maxSamples: 50, trainRunId: "r1", checkpoint: "checkpoint-40" });
  assert.match(y, /^# Prediction of checkpoint-40 of run r1/);
  const c = parse(y) as Record<string, unknown>;
  assert.deepEqual(c, {
    model_name_or_path: "Qwen/Qwen2.5-7B-Instruct", template: "qwen", cutoff_len: 1024, fp16: true, adapter_name_or_path: "/runs/r1/checkpoint-40",
    stage: "sft", do_predict: true, finetuning_type: "lora", eval_dataset: "identity,alpaca_en_demo", max_samples: 50, per_device_eval_batch_size: 8,
    predict_with_generate: true, report_to: "none",
  });
  assert.deepEqual(lintConfig(c).errors, []);
});

test("full fine-tune: the checkpoint is the model", () => {
  const c = parse(predictYaml({ config: { ...TRAIN, finetuning_type: "full" }, checkpointDir: "/runs/r2/checkpoint-9", dataset: ["identity"], maxSamples: 5, trainRunId: "r2", checkpoint: "checkpoint-9" })) as Record<string, unknown>;
  assert.equal(c.model_name_or_path, "/runs/r2/checkpoint-9");
  assert.equal(c.adapter_name_or_path, undefined);
  assert.equal(c.finetuning_type, "full");
  assert.equal(c.per_device_eval_batch_size, 8);
});
