import { test } from "node:test";
import assert from "node:assert/strict";
import { deleteKey, parsePresetYaml, setKey } from "@/lib/presets/yaml";
import { lintConfig } from "@/lib/presets/lint-config";
import { nonTrainingExamples, readExample, trainingExamples } from "@/lib/presets/test-fixtures";

const changedLines = (a: string, b: string) => {
  const x = a.split("\n");
  const y = b.split("\n");
  return { lengthDelta: y.length - x.length, changed: x.map((l, i) => (l === y[i] ? -1 : i)).filter((i) => i >= 0) };
};

test("fixtures: the training set is the one the README describes", () => {
  assert.ok(trainingExamples().length >= 40, `only ${trainingExamples().length} training examples found`);
});

for (const rel of trainingExamples()) {
  test(`round trip is byte-identical and the config lints clean: ${rel}`, () => {
    const text = readExample(rel);
    const r = parsePresetYaml(text);
    assert.ok(r.ok, r.ok ? "" : r.error.message);
    assert.equal(r.text, text);
    const lint = lintConfig(r.config);
    assert.deepEqual(lint.errors, []);
  });

  test(`editing one existing key changes only that line: ${rel}`, () => {
    const text = readExample(rel);
    const key = /^learning_rate:/m.test(text) ? "learning_rate" : "cutoff_len";
    const value = key === "learning_rate" ? 3.3e-5 : 4095;
    const out = setKey(text, key, value);
    const d = changedLines(text, out);
    assert.equal(d.lengthDelta, 0);
    assert.equal(d.changed.length, 1);
    assert.match(out.split("\n")[d.changed[0]!]!, key === "learning_rate" ? /^learning_rate: 3\.3e-5(\s+#.*)?$/ : /^cutoff_len: 4095$/);
    const back = parsePresetYaml(out);
    assert.ok(back.ok && back.config[key] === value);
  });
}

test("an inline comment survives an edit", () => {
  const out = setKey(readExample("train_lora/qwen3_lora_sft.yaml"), "report_to", "wandb");
  assert.match(out, /^report_to: wandb  # choices: \[none, wandb, tensorboard, swanlab, mlflow\]$/m);
});

test("a new key replaces its commented-out line in the section", () => {
  const text = readExample("train_lora/qwen3_lora_sft.yaml");
  const out = setKey(text, "val_size", 0.1);
  const d = changedLines(text, out);
  assert.equal(d.lengthDelta, 0);
  assert.equal(d.changed.length, 1);
  assert.equal(out.split("\n")[d.changed[0]!], "val_size: 0.1");
});

test("a new key without a commented line goes at the end of its section", () => {
  const text = readExample("train_lora/qwen3_lora_sft.yaml");
  const out = setKey(text, "max_grad_norm", 1);
  const lines = out.split("\n");
  const i = lines.indexOf("max_grad_norm: 1.0");
  assert.ok(i > 0, out);
  assert.equal(lines[i - 1], "resume_from_checkpoint: null");
  assert.equal(changedLines(text, out).lengthDelta, 1);
  // model section too
  const out2 = setKey(text, "quantization_bit", 4);
  assert.match(out2, /trust_remote_code: true\nquantization_bit: 4\n\n### method/);
});

test("a new key with no section header is appended at the end of the file", () => {
  assert.equal(setKey("a: 1\nb: 2", "learning_rate", 0.0001), "a: 1\nb: 2\nlearning_rate: 1.0e-4\n");
  assert.equal(setKey("", "stage", "sft"), "stage: sft\n");
});

test("LF-safe spellings: exponent floats keep a dot, ambiguous strings are quoted", () => {
  const base = "learning_rate: 1.0e-4\n";
  assert.equal(setKey(base, "learning_rate", 1e-4), base);
  assert.equal(setKey(base, "learning_rate", 5e-5), "learning_rate: 5.0e-5\n");
  assert.equal(setKey(base, "learning_rate", 1.5e-5), "learning_rate: 1.5e-5\n");
  assert.equal(setKey(base, "learning_rate", 0.01), "learning_rate: 0.01\n");
  assert.equal(setKey(base, "learning_rate", 1), "learning_rate: 1.0\n");
  for (const s of ["yes", "no", "on", "null", "true", "010", "1:20", "1e-4", "3.0", "a: b", "x #y", "- z", "", " pad"]) {
    const out = setKey("run_name: x\n", "run_name", s);
    const back = parsePresetYaml(`model_name_or_path: m\nstage: sft\n${out}`);
    assert.ok(back.ok, s);
    assert.equal(back.config.run_name, s, `"${s}" was written as ${out.trim()}`);
  }
  assert.equal(setKey("dataset: a\n", "dataset", "identity,alpaca_en_demo"), "dataset: identity,alpaca_en_demo\n");
  assert.equal(setKey("fsdp: null\n", "fsdp", ["full_shard", "auto_wrap"]), "fsdp: [full_shard, auto_wrap]\n");
});

test("a dotless exponent in imported YAML is read as a float and warned about", () => {
  const r = parsePresetYaml("model_name_or_path: m\nstage: sft\ndo_train: true\nlearning_rate: 1e-4\n");
  assert.ok(r.ok);
  assert.equal(r.config.learning_rate, 0.0001);
  assert.equal(r.warnings[0]?.key, "learning_rate");
  assert.match(r.warnings[0]!.message, /1\.0e-4/);
});

test("values are read as LF's PyYAML-based loader reads them (YAML 1.1)", () => {
  const r = parsePresetYaml("model_name_or_path: m\nstage: sft\ndo_train: yes\n");
  assert.ok(r.ok && r.config.do_train === true);
});

test("block and empty values are replaced on their own lines", () => {
  const text = "### method\nstage: sft\nfsdp:\n  - full_shard\n  - auto_wrap\nfsdp_transformer_layer_cls_to_wrap: X\nrun_name:\n";
  assert.equal(setKey(text, "fsdp", "full_shard"), "### method\nstage: sft\nfsdp: full_shard\nfsdp_transformer_layer_cls_to_wrap: X\nrun_name:\n");
  assert.equal(setKey(text, "run_name", "r1"), text.replace("run_name:\n", "run_name: r1\n"));
});

test("deleteKey removes exactly the key's lines", () => {
  const text = readExample("train_lora/qwen3_lora_sft.yaml");
  const out = deleteKey(text, "warmup_ratio");
  assert.equal(changedLines(text, out).lengthDelta, -1);
  assert.ok(!out.includes("warmup_ratio: 0.1"));
  assert.equal(deleteKey(text, "not_there"), text);
  assert.equal(deleteKey("a: 1\nfsdp:\n  - x\nb: 2\n", "fsdp"), "a: 1\nb: 2\n");
});

test("setKey refuses a key that is not a plain name", () => {
  assert.throws(() => setKey("a: 1\n", "a\nb", 1), /not a valid key/);
  assert.throws(() => setKey("a: 1\n", "$(rm -rf /)", 1), /not a valid key/);
});

const EXPECTED_KIND: Record<string, string> = {
  accelerate: "accelerate", ascend: "ascend", inference: "inference", ktransformers: "ktransformers",
  megatron: "megatron", megatron_bridge: "megatron", merge_lora: "export", v1: "v1",
};
for (const rel of nonTrainingExamples()) {
  test(`non-training config is refused with what it is: ${rel}`, () => {
    const r = parsePresetYaml(readExample(rel));
    assert.ok(!r.ok, "was accepted");
    const dir = rel.split("/")[0]!;
    const want = rel.startsWith("ktransformers/accelerate") ? "accelerate"
      : rel === "extras/nlg_eval/llama3_lora_predict.yaml" ? "predict"
      : rel === "extras/multi_tokens/tokens_cfg.yaml" ? "not-lf" : EXPECTED_KIND[dir];
    assert.equal(r.error.kind, want, r.error.message);
    assert.match(r.error.message, /\bnot\b/i);
  });
}

test("DeepSpeed JSON and other shapes are refused clearly", () => {
  const ds = parsePresetYaml('{"train_micro_batch_size_per_gpu": "auto", "zero_optimization": {"stage": 3}}');
  assert.ok(!ds.ok && ds.error.kind === "deepspeed" && /DeepSpeed/.test(ds.error.message));
  const list = parsePresetYaml("- a\n- b\n");
  assert.ok(!list.ok && /list/.test(list.error.message));
  const empty = parsePresetYaml("# only a comment\n");
  assert.ok(!empty.ok && /empty/.test(empty.error.message));
  const two = parsePresetYaml("a: 1\n---\nb: 2\n");
  assert.ok(!two.ok && /one YAML document/.test(two.error.message));
});

test("YAML syntax errors name the line", () => {
  const r = parsePresetYaml("model_name_or_path: m\nstage: sft\n  bad: [indent\n");
  assert.ok(!r.ok);
  assert.equal(r.error.kind, "syntax");
  assert.match(r.error.message, /line \d/);
  const dup = parsePresetYaml("stage: sft\nstage: pt\n");
  assert.ok(!dup.ok && /line 2/.test(dup.error.message) && /unique/.test(dup.error.message));
});

test("oversized YAML is refused", () => {
  const r = parsePresetYaml(`model_name_or_path: m\n# ${"x".repeat(300 * 1024)}\n`);
  assert.ok(!r.ok && r.error.kind === "size");
});
