import { test } from "node:test";
import assert from "node:assert/strict";
import { parseOverrides } from "@/lib/presets/overrides";
import { resolveYaml } from "@/lib/presets/resolve-config";
import { STARTER_PRESET_YAML } from "@/lib/presets/starter";
import { AppError } from "@/lib/errors";

test("overrides are YAML-typed like OmegaConf's dotlist", () => {
  const r = parseOverrides("learning_rate=1e-5\nlogging_steps=1\nbf16=true\n# comment\n\ndataset=identity,alpaca_en_demo\nrun_name=null");
  assert.ok(r.ok);
  assert.deepEqual(r.overrides, { learning_rate: 1e-5, logging_steps: 1, bf16: true, dataset: "identity,alpaca_en_demo", run_name: null });
  assert.deepEqual(parseOverrides(["fsdp=[full_shard, auto_wrap]"]), { ok: true, overrides: { fsdp: ["full_shard", "auto_wrap"] } });
});

test("bad override lines name the key and the problem", () => {
  const r = parseOverrides(["--learning_rate=1", "lr", "a.b=1", "x=", "y=1", "y=2", "z=[1"]);
  assert.ok(!r.ok);
  const msgs = r.errors.map((e) => `${e.key}: ${e.message}`);
  assert.equal(msgs.length, 6);
  assert.match(msgs[0]!, /plain argument name/);
  assert.match(msgs[1]!, /key=value/);
  assert.match(msgs[2]!, /plain argument name/);
  assert.match(msgs[3]!, /needs a value/);
  assert.match(msgs[4]!, /^y: is given twice/);
  assert.match(msgs[5]!, /^z: value is not valid YAML/);
});

test("resolveYaml splices overrides in and validates the result", () => {
  const r = resolveYaml(STARTER_PRESET_YAML, "learning_rate=2e-5\nnum_train_epochs=1");
  assert.match(r.yaml, /^learning_rate: 2\.0e-5$/m);
  assert.match(r.yaml, /^num_train_epochs: 1\.0$/m);
  assert.equal(r.config.learning_rate, 2e-5);
  assert.equal(r.yaml.split("\n").length, STARTER_PRESET_YAML.split("\n").length);
  const same = resolveYaml(STARTER_PRESET_YAML, {});
  assert.equal(same.yaml, STARTER_PRESET_YAML);
});

test("invalid overrides are refused with the key in the message", () => {
  assert.throws(() => resolveYaml(STARTER_PRESET_YAML, "learning_rate=-1"), (e: unknown) =>
    e instanceof AppError && e.code === "invalid" && /learning_rate/.test(e.message));
  assert.throws(() => resolveYaml(STARTER_PRESET_YAML, "bf16=true"), (e: unknown) =>
    e instanceof AppError && /fp16/.test(e.message));
  assert.throws(() => resolveYaml(STARTER_PRESET_YAML, { "a b": 1 }), (e: unknown) => e instanceof AppError);
});

test("hostile override values stay inert data inside the YAML", () => {
  const hostile = ["$(touch /tmp/pwned)", "`id`", "a; rm -rf /", "../../etc/passwd", "x\ny: 1", "ünïcødé ✓", "a".repeat(5000), "'\"", "#no"];
  for (const v of hostile) {
    const r = resolveYaml(STARTER_PRESET_YAML, { run_name: v });
    assert.equal(r.config.run_name, v);
    assert.equal(r.yaml.split("\n").length, STARTER_PRESET_YAML.split("\n").length + 1, JSON.stringify(v).slice(0, 40));
  }
});
