import { test } from "node:test";
import assert from "node:assert/strict";
import { estimateTotalSteps, modelBaseName, practiceWarnings, registryTemplate } from "@/lib/presets/practice-rules";

const SFT = { model_name_or_path: "Qwen/Qwen2.5-7B-Instruct", stage: "sft", do_train: true, template: "qwen", bf16: true };
const keys = (c: Record<string, unknown>) => practiceWarnings(c).map((w) => w.key);

test("template fit: LLaMA-Board's pick from LF's model registry, local copies and ModelScope names included", () => {
  assert.deepEqual(registryTemplate("Qwen/Qwen2.5-7B-Instruct"), { template: "qwen", matched: "qwen2.5-7b-instruct" });
  assert.equal(modelBaseName("D:\\Pretrained_models\\Qwen\\Qwen2-1___5B-Instruct"), "qwen2-1.5b-instruct");
  assert.equal(registryTemplate("/mnt/m/Qwen3-8B-merged")?.template, "qwen3");
  assert.equal(registryTemplate("/data/my-own-model"), null);
  assert.deepEqual(keys(SFT), []);
  const bad = practiceWarnings({ ...SFT, template: "llama3" }).find((w) => w.key === "template")!;
  assert.match(bad.message, /LLaMA-Board would pick `qwen`/);
  assert.deepEqual(keys({ ...SFT, model_name_or_path: "Qwen/Qwen3-4B-Instruct-2507", template: "qwen3" }), [], "thinking variants are one family");
  assert.match(practiceWarnings({ ...SFT, template: undefined }).find((w) => w.key === "template")!.message, /is not set/);
  assert.deepEqual(keys({ ...SFT, model_name_or_path: "/data/my-own-model", template: "llama3" }), []);
});

test("total steps: LF's bundled dataset sizes, else max_samples as an upper bound, else unknown", () => {
  const c = { ...SFT, dataset: "alpaca_en_demo", val_size: 0.1, per_device_train_batch_size: 2, gradient_accumulation_steps: 8, num_train_epochs: 3 };
  assert.deepEqual(estimateTotalSteps(c), { totalSteps: 168, trainSamples: 899, exact: true });
  assert.equal(estimateTotalSteps({ ...c, dataset: "identity,alpaca_en_demo", max_samples: 500 })!.totalSteps, 3 * Math.floor(Math.ceil(Math.floor(591 * 0.9) / 2) / 8));
  assert.equal(estimateTotalSteps({ ...c, dataset: "team_data" }), null);
  assert.deepEqual(estimateTotalSteps({ ...c, dataset: "team_data", max_samples: 1000 }), { totalSteps: 168, trainSamples: 900, exact: false });
  assert.equal(estimateTotalSteps({ ...c, max_steps: 50 })!.totalSteps, 50);
  assert.equal(estimateTotalSteps({ ...c, packing: true }), null);
});

test("eval/save/logging cadence the run never reaches is a warning with the number to use", () => {
  const c = { ...SFT, dataset: "alpaca_en_demo", val_size: 0.1, per_device_train_batch_size: 2, gradient_accumulation_steps: 8,
    num_train_epochs: 3, eval_strategy: "steps", eval_steps: 200, save_steps: 200, logging_steps: 10 };
  const w = practiceWarnings(c);
  assert.deepEqual(w.map((x) => x.key), ["eval_steps", "save_steps"]);
  assert.match(w[0]!.message, /200 is more than the 168 steps.*no eval loss is ever logged.*33 or less/);
  assert.deepEqual(keys({ ...c, eval_steps: 25, save_steps: 25 }), []);
  // Without evaluation the final checkpoint is all a run needs: no save_steps warning.
  assert.deepEqual(keys({ ...c, eval_strategy: "no", val_size: 0, eval_steps: undefined }), []);
  assert.deepEqual(keys({ ...c, eval_steps: 25, save_steps: 25, logging_steps: 500 }), ["logging_steps"]);
});

test("many epochs over few samples is memorising; many epochs alone is a softer warning", () => {
  const tiny = practiceWarnings({ ...SFT, dataset: "x", max_samples: 1000, num_train_epochs: 30, per_device_train_batch_size: 4, gradient_accumulation_steps: 8 });
  assert.match(tiny.find((w) => w.key === "num_train_epochs")!.message, /30 epochs over at most 1000 training samples: the model will memorise them/);
  assert.match(practiceWarnings({ ...SFT, dataset: "x", num_train_epochs: 40 }).find((w) => w.key === "num_train_epochs")!.message, /far more than fine-tuning needs/);
  assert.deepEqual(keys({ ...SFT, dataset: "x", max_samples: 1000, num_train_epochs: 3, logging_steps: 10 }), []);
});

test("a Windows path for a host file is named", () => {
  assert.match(practiceWarnings({ ...SFT, model_name_or_path: "D:\\models\\Qwen2-7B-Instruct" })[0]!.message, /Windows path/);
});
