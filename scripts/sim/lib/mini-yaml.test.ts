import path from "node:path";
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { parseDotlist, parseYaml, untag } from "./mini-yaml.mjs";

test("reads LF's example config", () => {
  const text = fs.readFileSync(path.join(import.meta.dirname, "../../../lib/presets/testdata/lf-examples/qwen3_lora_sft.yaml"), "utf8");
  const cfg = untag(parseYaml(text));
  assert.equal(cfg.model_name_or_path, "Qwen/Qwen3-4B-Instruct-2507");
  assert.equal(cfg.learning_rate, 1e-4);
  assert.equal(cfg.report_to, "none");
  assert.equal(cfg.resume_from_checkpoint, null);
  assert.equal(cfg.do_train, true);
  assert.equal("eval_dataset" in cfg, false, "commented keys are ignored");
});

test("scalars, nesting, flow values, quoting", () => {
  const cfg = untag(parseYaml('a: 1e-4\nb:\n  use_reentrant: false\nc: "x # y"  # comment\nd: [1, two]\ne: \'it\'\'s\'\nf: ~\n'));
  assert.deepEqual(cfg, { a: 1e-4, b: { use_reentrant: false }, c: "x # y", d: [1, "two"], e: "it's", f: null });
});

test("dotlist overrides", () => {
  assert.deepEqual(untag(parseDotlist(["learning_rate=1e-5", "a.b=true", "name=x=y"])), { learning_rate: 1e-5, a: { b: true }, name: "x=y" });
  assert.throws(() => parseDotlist(["--lr", "1"]));
});
