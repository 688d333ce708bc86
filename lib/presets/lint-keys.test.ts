import { test } from "node:test";
import assert from "node:assert/strict";
import { lintConfig } from "@/lib/presets/lint-config";
import { closestKey, editDistance } from "@/lib/presets/did-you-mean";
import { resolveLfVersion, compareVersions } from "@/lib/presets/lf-version";
import { HF_KEYS, LF_KEYS } from "@/lib/presets/lf-keys.generated";
import { KEY_SPECS } from "@/lib/presets/key-specs";

const BASE = { model_name_or_path: "m", stage: "sft", do_train: true, dataset: "d", bf16: true, template: "qwen" };
const lint = (patch: Record<string, unknown>, opts = {}) => lintConfig({ ...BASE, ...patch }, opts);
const err = (patch: Record<string, unknown>, key: string, opts = {}) => lint(patch, opts).errors.find((e) => e.key === key);
const warn = (patch: Record<string, unknown>, key: string, opts = {}) => lint(patch, opts).warnings.find((e) => e.key === key);

test("the catalogue holds LF's own keys and the TrainingArguments LF inherits", () => {
  for (const k of ["swanlab_api_key", "use_kt", "kt_weight_path", "enable_thinking", "use_kv_cache", "export_dir", "vllm_maxlen"]) assert.ok(LF_KEYS[k], k);
  for (const k of ["save_safetensors", "hub_token", "predict_with_generate", "generation_max_length", "eval_strategy", "warmup_steps"]) assert.ok(HF_KEYS[k], k);
  // init=False fields are not arguments at all (HfArgumentParser only offers what __init__ takes).
  assert.equal(LF_KEYS.model_max_length, undefined);
  assert.equal(LF_KEYS.compute_dtype, undefined);
  for (const k of Object.keys(KEY_SPECS)) assert.ok(LF_KEYS[k] || HF_KEYS[k], `hand-written spec ${k} is a real key`);
});

test("real keys that the old hand list lacked are accepted and type-checked", () => {
  const r = lint({ swanlab_api_key: "abc", use_kt: false, save_safetensors: true, hub_strategy: "every_save", torch_empty_cache_steps: 10 });
  assert.deepEqual(r.errors, []);
  assert.match(err({ use_kt: "yes" }, "use_kt")!.message, /true or false/);
  assert.match(err({ hub_strategy: "sometimes" }, "hub_strategy")!.message, /one of: end, every_save, checkpoint, all_checkpoints/);
  assert.match(err({ torch_empty_cache_steps: 2.5 }, "torch_empty_cache_steps")!.message, /whole number/);
});

test("a typo is an error naming the key LF would have taken", () => {
  assert.match(err({ learnig_rate: 1e-4 }, "learnig_rate")!.message, /did you mean `learning_rate`\?.*Some keys are not used by the HfArgumentParser/);
  assert.match(err({ lora_rnak: 8 }, "lora_rnak")!.message, /did you mean `lora_rank`/);
  assert.match(err({ epochs: 3 }, "epochs")!.message, /did you mean `num_train_epochs`/);
  assert.match(err({ max_seq_length: 2048 }, "max_seq_length")!.message, /did you mean `cutoff_len`/);
  assert.doesNotMatch(err({ zzqx_totally_new: 1 }, "zzqx_totally_new")!.message, /did you mean/);
  assert.match(err({ wandb_project: "p" }, "wandb_project")!.message, /environment variable WANDB_PROJECT/);
});

test("renamed and removed keys say what to write instead", () => {
  assert.match(err({ evaluation_strategy: "steps" }, "evaluation_strategy")!.message, /write `eval_strategy` instead/);
  assert.match(err({ quantization_method: "bitsandbytes", quantization_bit: 4 }, "quantization_method")!.message, /renamed to `bnb`.*0\.9\.3/);
  assert.match(err({ resources_per_worker: { GPU: 1 } }, "resources_per_worker")!.message, /0\.9\.5.*ray_num_workers/);
  assert.match(err({ placement_strategy: "PACK" }, "placement_strategy")!.message, /Ray/);
  assert.match(err({ new_special_tokens: "<x>" }, "new_special_tokens")!.message, /`add_special_tokens`/);
  assert.match(err({ image_resolution: 512 }, "image_resolution")!.message, /`image_max_pixels`/);
  // use_cache: an error on transformers 4 (LF alone defined it), a warning on 5 (HF's own use_cache exists there).
  assert.match(err({ use_cache: true }, "use_cache", { transformersVersion: "4.57.1" })!.message, /write `use_kv_cache` instead/);
  assert.equal(err({ use_cache: true }, "use_cache", { transformersVersion: "5.2.0" }), undefined);
  assert.match(warn({ use_cache: true }, "use_cache", { transformersVersion: "5.2.0" })!.message, /use_kv_cache/);
  assert.match(err({ per_gpu_train_batch_size: 2 }, "per_gpu_train_batch_size", { transformersVersion: "5.1.0" })!.message, /per_device_train_batch_size/);
  assert.match(warn({ per_gpu_train_batch_size: 2 }, "per_gpu_train_batch_size")!.message, /per_device_train_batch_size/);
});

test("an older host is linted by what its LF accepts", () => {
  const v093 = { lfVersion: "0.9.3" };
  assert.match(err({ use_kt: true }, "use_kt", v093)!.message, /needs LLaMA-Factory 0\.9\.4 or newer; this host has 0\.9\.3/);
  assert.equal(err({ use_cache: true }, "use_cache", v093), undefined);
  assert.match(err({ use_kv_cache: true }, "use_kv_cache", v093)!.message, /0\.9\.4 or newer/);
  assert.equal(err({ quantization_method: "bitsandbytes", quantization_bit: 4 }, "quantization_method", { lfVersion: "0.9.2" }), undefined);
  assert.match(err({ quantization_method: "bnb", quantization_bit: 4 }, "quantization_method", { lfVersion: "0.9.2" })!.message, /still calls it `bitsandbytes`/);
  assert.equal(err({ resources_per_worker: { GPU: 1 } }, "resources_per_worker", { lfVersion: "0.9.4" }), undefined);
  assert.ok(err({ finetuning_type: "oft" }, "finetuning_type", v093), "oft arrived in 0.9.4");
  assert.equal(err({ finetuning_type: "oft" }, "finetuning_type"), undefined);
  assert.match(err({ visual_inputs: true }, "visual_inputs")!.message, /0\.9\.0/);
  assert.equal(err({ visual_inputs: true }, "visual_inputs", { lfVersion: "0.8.3" }), undefined);
  // transformers: evaluation_strategy was still a key before 4.46; warmup_ratio is gone in late 5.x.
  assert.equal(err({ evaluation_strategy: "no" }, "evaluation_strategy", { transformersVersion: "4.44.2" }), undefined);
  assert.match(err({ warmup_ratio: 0.1 }, "warmup_ratio", { transformersVersion: "5.17.0" })!.message, /warmup_steps/);
  assert.equal(err({ warmup_ratio: 0.1 }, "warmup_ratio", { transformersVersion: "4.57.1" }), undefined);
});

test("host versions map onto the releases read: dev builds count as the release before", () => {
  assert.equal(resolveLfVersion("0.9.5.dev0").version, "0.9.4");
  assert.equal(resolveLfVersion("v0.9.3").version, "0.9.3");
  assert.equal(resolveLfVersion("0.9.6.dev0").version, "0.9.6.dev0");
  assert.equal(resolveLfVersion(null).version, "0.9.6.dev0");
  assert.match(resolveLfVersion("0.7.1").note!, /older than 0\.8\.0/);
  assert.match(resolveLfVersion("1.2.0").note!, /newer than 0\.9\.6\.dev0/);
  assert.match(resolveLfVersion("banana").note!, /not readable/);
  assert.ok(compareVersions("0.9.6.dev0", "0.9.6") < 0 && compareVersions("0.9.6.dev0", "0.9.5") > 0);
  assert.match(lint({}, { lfVersion: "0.7.1" }).warnings[0]!.message, /older than/);
});

test("edit distance counts a swap as one edit and the guess needs to be close", () => {
  assert.equal(editDistance("learnig_rate", "learning_rate"), 1);
  assert.equal(editDistance("lora_rnak", "lora_rank"), 1);
  assert.equal(closestKey("Learning_Rate", ["learning_rate"]), "learning_rate");
  assert.equal(closestKey("xyz", ["learning_rate", "lora_rank"]), null);
  assert.equal(closestKey("accumulation_steps", ["gradient_accumulation_steps", "eval_accumulation_steps", "lora_rank"]), null);
  assert.equal(closestKey("train_epochs", ["num_train_epochs", "lora_rank"]), "num_train_epochs");
});
