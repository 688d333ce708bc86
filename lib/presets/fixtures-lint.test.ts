// Every committed LF example and real user config gets the result LF itself would give (testdata/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePresetYaml } from "@/lib/presets/yaml";
import { lintConfig } from "@/lib/presets/lint-config";
import { readExample, readWild, trainingExamples, wildPresets } from "@/lib/presets/test-fixtures";

type TOutcome = { refused: string; lint?: undefined } | { refused?: undefined; lint: ReturnType<typeof lintConfig> };
const lintText = (text: string): TOutcome => {
  const p = parsePresetYaml(text);
  return p.ok ? { lint: lintConfig(p.config) } : { refused: p.error.message };
};

test("all of LF's training examples lint without errors (LF accepts them)", () => {
  const files = trainingExamples();
  assert.ok(files.length >= 40, `expected the committed examples, found ${files.length}`);
  for (const f of files) {
    const r = lintText(readExample(f));
    assert.ok(r.lint, `${f}: ${r.refused}`);
    assert.deepEqual(r.lint.errors, [], f);
  }
});

test("wild presets: LF-accepted files pass with the warnings a practitioner would give; the YAML error is refused with its line", () => {
  assert.deepEqual(wildPresets(), ["hihappy-qwen3-8b-swanlab-ds.yaml", "linxiang-qwen25-7b-sft-m1.yaml", "nusadil-qwen25-3b-unsloth-webui.yaml",
    "prevent-fraud-qwen2-windows-path.yaml", "qwen-law-report-to-nospace.yaml", "sacot-qwen3-4b-nothink-wandb.yaml"]);
  const law = lintText(readWild("qwen-law-report-to-nospace.yaml"));
  assert.match(law.refused ?? "", /YAML syntax error on line 26/);
  const warnings = (f: string) => {
    const r = lintText(readWild(f));
    assert.ok(r.lint?.ok, `${f} should lint clean of errors: ${JSON.stringify(r.lint?.errors ?? r.refused)}`);
    return r.lint.warnings.map((w) => `${w.key}: ${w.message}`);
  };
  // webui file with use_swanlab and an empty swanlab_api_key: accepted as-is; DeepSpeed needs torchrun.
  assert.deepEqual(warnings("hihappy-qwen3-8b-swanlab-ds.yaml").map((w) => w.split(":")[0]), ["deepspeed"]);
  assert.deepEqual(warnings("linxiang-qwen25-7b-sft-m1.yaml"), []);
  assert.match(warnings("nusadil-qwen25-3b-unsloth-webui.yaml").join("\n"), /^num_train_epochs: 40 epochs/);
  assert.match(warnings("prevent-fraud-qwen2-windows-path.yaml").join("\n"), /^model_name_or_path: .*Windows path/);
  assert.match(warnings("sacot-qwen3-4b-nothink-wandb.yaml").join("\n"), /^num_train_epochs: 30 epochs over at most 1000 training samples/);
});
