// Bad configs fail as the real CLI fails: Python traceback on stderr, exit 1, nothing trained.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { makeSandbox, runCli, writeConfig, type TSandbox } from "./test-helpers.ts";

let sb: TSandbox;
before(() => { sb = makeSandbox(); });
after(() => sb.cleanup());

const cases: [string, Record<string, unknown>, string[], RegExp][] = [
  ["unknown key", { foo: 1 }, [], /ValueError: Some keys are not used by the HfArgumentParser: \['foo'\]/],
  ["unknown override key", {}, ["bar=2"], /Some keys are not used by the HfArgumentParser: \['bar'\]/],
  ["unknown template", { template: "nope" }, [], /ValueError: Template nope does not exist\./],
  ["unknown dataset", { dataset: "alpaca_en_demo,nope" }, [], /ValueError: Undefined dataset nope in dataset_info\.json\./],
  ["missing dataset", { dataset: undefined }, [], /ValueError: Please specify dataset for training\./],
  ["eval without data", { val_size: 0 }, [], /Please make sure eval_dataset be provided or val_size >1e-6/],
  ["val_size with eval_dataset", { eval_dataset: "identity" }, [], /Cannot specify `val_size` if `eval_dataset` is not None\./],
  ["unknown model", { model_name_or_path: "acme/NoSuchModel-7B" }, [], /acme\/NoSuchModel-7B is not a local folder[\s\S]*The above exception was the direct cause[\s\S]*OSError: Failed to load tokenizer\./],
  ["bad float", { learning_rate: "fast" }, [], /ValueError: could not convert string to float: 'fast'/],
  ["bad int", {}, ["per_device_train_batch_size=two"], /ValueError: invalid literal for int\(\) with base 10: 'two'/],
  ["negative lr", { learning_rate: "-0.1" }, [], /ValueError: Invalid learning rate: -0\.1/],
  ["bad scheduler", { lr_scheduler_type: "wavy" }, [], /ValueError: 'wavy' is not a valid SchedulerType/],
  ["bad finetuning type", { finetuning_type: "magic" }, [], /AssertionError: Invalid fine-tuning method\./],
  ["bad stage", { stage: "rlhf" }, [], /ValueError: Unknown task: rlhf\./],
  ["val_size too large", { val_size: 5000 }, [], /test_size=5000 should be either positive and smaller than the number of samples/],
];

for (const [name, over, extra, re] of cases) {
  test(`fails: ${name}`, async () => {
    const cfg = writeConfig(sb, { output_dir: `out-${name.replace(/\W+/g, "-")}`, ...over }, `${name.replace(/\W+/g, "-")}.yaml`);
    const r = await runCli(sb, ["train", cfg, ...extra]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Traceback \(most recent call last\):\n  File "/m);
    assert.match(r.stderr, re);
    assert.ok(!fs.existsSync(path.join(sb.cwd, `out-${name.replace(/\W+/g, "-")}`, "trainer_log.jsonl")));
  });
}

test("missing config file → FileNotFoundError", async () => {
  const r = await runCli(sb, ["train", "nope.yaml"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /FileNotFoundError: \[Errno 2\] No such file or directory: 'nope\.yaml'/);
});

test("CUDA_VISIBLE_DEVICES naming a GPU the host lacks → CUDA error", async () => {
  const cfg = writeConfig(sb, { output_dir: "out-cuda" }, "cuda.yaml");
  const r = await runCli(sb, ["train", cfg], { CUDA_VISIBLE_DEVICES: "7" });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /RuntimeError: CUDA error: invalid device ordinal/);
});

test("a run that does not fit in the free GPU memory → CUDA OOM", async () => {
  const small = makeSandbox(1, 8192);
  try {
    writeConfig(small);
    const r = await runCli(small, ["train", "cfg.yaml"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /torch\.OutOfMemoryError: CUDA out of memory\./);
  } finally { small.cleanup(); }
});

test("unknown command: message + usage, exit 0; version banner", async () => {
  const r = await runCli(sb, ["frobnicate"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Unknown command: frobnicate\.\n-+\n\| Usage:/);
  const v = await runCli(sb, ["version"]);
  assert.match(v.stdout, /\| Welcome to LLaMA Factory, version 0\.9\.6\.dev0 +\|/);
  const e = await runCli(sb, ["env"]);
  assert.match(e.stdout, /- GPU number: 2/);
});

test("existing final model without checkpoints and overwrite_output_dir false → refuses", async () => {
  const out = path.join(sb.cwd, "out-exists");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "adapter_model.safetensors"), "x");
  const cfg = writeConfig(sb, { output_dir: "out-exists", overwrite_output_dir: false }, "exists.yaml");
  const r = await runCli(sb, ["train", cfg]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Output directory already exists and is not empty\. Please set `overwrite_output_dir`\./);
});
