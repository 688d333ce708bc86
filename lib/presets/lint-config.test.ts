import { test } from "node:test";
import assert from "node:assert/strict";
import { lintConfig } from "@/lib/presets/lint-config";
import { KEY_SPECS } from "@/lib/presets/key-specs";
import { KEY_HELP } from "@/lib/presets/help";
import { parsePresetYaml } from "@/lib/presets/yaml";
import { STARTER_PRESET_YAML } from "@/lib/presets/starter";

const BASE = { model_name_or_path: "m", stage: "sft", do_train: true, dataset: "d", bf16: true };
const errorFor = (patch: Record<string, unknown>, key: string) => lintConfig({ ...BASE, ...patch }).errors.find((e) => e.key === key);

test("types, enums and ranges are checked per key, naming the key", () => {
  assert.match(errorFor({ learning_rate: 0 }, "learning_rate")!.message, /greater than 0/);
  assert.match(errorFor({ learning_rate: "5e-5" }, "learning_rate")!.message, /expected a number/);
  assert.match(errorFor({ stage: "sftt" }, "stage")!.message, /one of: pt, sft, rm, ppo, dpo, kto/);
  assert.match(errorFor({ finetuning_type: "qlora" }, "finetuning_type")!.message, /lora, oft, freeze, full/);
  assert.ok(errorFor({ lr_scheduler_type: "cosine_decay" }, "lr_scheduler_type"));
  assert.ok(errorFor({ eval_strategy: "step" }, "eval_strategy"));
  assert.ok(errorFor({ save_strategy: "steps!" }, "save_strategy"));
  assert.ok(errorFor({ template: "qwen25" }, "template"));
  assert.ok(errorFor({ quantization_method: "bitsandbytes" }, "quantization_method"));
  assert.ok(errorFor({ pref_loss: "dpo" }, "pref_loss"));
  assert.ok(errorFor({ report_to: "slack" }, "report_to"));
  assert.equal(errorFor({ report_to: ["wandb", "tensorboard"] }, "report_to"), undefined);
  assert.match(errorFor({ lora_rank: 0 }, "lora_rank")!.message, /at least 1/);
  assert.match(errorFor({ lora_rank: 8.5 }, "lora_rank")!.message, /whole number/);
  assert.ok(errorFor({ per_device_train_batch_size: 0 }, "per_device_train_batch_size"));
  assert.ok(errorFor({ do_train: "true" }, "do_train"));
  assert.ok(errorFor({ warmup_ratio: 1.5 }, "warmup_ratio"));
  assert.ok(errorFor({ save_steps: 100.5 }, "save_steps"));
  assert.equal(errorFor({ save_steps: 0.25 }, "save_steps"), undefined);
});

test("val_size: fraction below 1 or a whole sample count above 1", () => {
  assert.equal(errorFor({ val_size: 0.1 }, "val_size"), undefined);
  assert.equal(errorFor({ val_size: 500 }, "val_size"), undefined);
  assert.equal(errorFor({ val_size: 0 }, "val_size"), undefined);
  assert.ok(errorFor({ val_size: -0.1 }, "val_size"));
  assert.ok(errorFor({ val_size: 1 }, "val_size"));
  assert.ok(errorFor({ val_size: 10.5 }, "val_size"));
});

test("unknown keys are errors with a guess, as LF's HfArgumentParser refuses them; a preset that allows extra keys gets warnings", () => {
  const r = lintConfig({ ...BASE, learning_rat: 1e-4 });
  assert.equal(r.ok, false);
  assert.deepEqual(r.errors.map((e) => e.key), ["learning_rat"]);
  assert.match(r.errors[0]!.message, /did you mean `learning_rate`\?/);
  const extra = lintConfig({ ...BASE, learning_rat: 1e-4 }, { allowExtraKeys: true });
  assert.equal(extra.ok, true);
  assert.match(extra.warnings.find((w) => w.key === "learning_rat")!.message, /ALLOW_EXTRA_ARGS=1/);
});

test("a bad value gives one error, not a cascade of cross-key errors", () => {
  const r = lintConfig({ ...BASE, do_train: "yes please" });
  assert.deepEqual(r.errors.map((e) => e.key), ["do_train"]);
});

test("non-mapping input is an error on the file", () => {
  assert.equal(lintConfig([1, 2]).ok, false);
  assert.equal(lintConfig(null).errors[0]?.key, "");
});

test("every schema key has one-line help and there is no help for unknown keys", () => {
  for (const key of Object.keys(KEY_SPECS)) {
    const h = KEY_HELP[key];
    assert.ok(h && h.length > 10 && !h.includes("\n"), `help for ${key}`);
  }
  assert.deepEqual(Object.keys(KEY_HELP).filter((k) => !(k in KEY_SPECS)), []);
});

test("the starter preset is a clean training config with the practitioner's settings", () => {
  const r = parsePresetYaml(STARTER_PRESET_YAML);
  assert.ok(r.ok);
  const lint = lintConfig(r.config);
  assert.deepEqual(lint, { ok: true, errors: [], warnings: [] });
  assert.deepEqual(r.warnings, []);
  const c = r.config;
  assert.equal(c.learning_rate, 5e-5);
  assert.match(STARTER_PRESET_YAML, /^learning_rate: 5\.0e-5$/m);
  assert.equal(c.num_train_epochs, 3);
  assert.equal(c.max_grad_norm, 1);
  assert.equal(c.per_device_train_batch_size, 2);
  assert.equal(c.gradient_accumulation_steps, 8);
  assert.equal(c.fp16, true);
  assert.equal(c.cutoff_len, 1024);
  assert.equal(c.max_samples, 100000);
  assert.equal(c.val_size, 0.1);
  assert.equal(c.lr_scheduler_type, "cosine");
  assert.equal(c.eval_strategy, "steps");
  assert.equal(c.eval_steps, c.save_steps);
  assert.equal(c.logging_steps, 10);
  assert.equal(c.finetuning_type, "lora");
});
