import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, statSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { protectCheckpointCommand, saveStepsOf } from "./ingest-best-checkpoint";
import { jsonSafe } from "./ingest-final-metrics";

test("save_steps: HF default 500, explicit value, none when saving is off or the YAML is bad", () => {
  assert.equal(saveStepsOf("learning_rate: 1.0e-4\n"), 500);
  assert.equal(saveStepsOf("save_steps: 100\n"), 100);
  assert.equal(saveStepsOf("save_strategy: epoch\nsave_steps: 100\n"), null);
  assert.equal(saveStepsOf("save_steps: [\n"), null);
});

test("the protect command hard-links the checkpoint, waits for an unfinished save, drops the older best copy", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ff ck '$(x)"));
  const sh = (cmd: string) => execFileSync("sh", ["-c", cmd], { encoding: "utf8" }).trim();
  mkdirSync(path.join(dir, "checkpoint-100"));
  writeFileSync(path.join(dir, "checkpoint-100", "adapter_model.safetensors"), "w");
  assert.equal(sh(protectCheckpointCommand(dir, 100)), "MISSING", "no trainer_state.json yet: save still running");
  writeFileSync(path.join(dir, "checkpoint-100", "trainer_state.json"), "{}");
  assert.equal(sh(protectCheckpointCommand(dir, 100)), "OK");
  assert.equal(statSync(path.join(dir, "best-checkpoint-100", "adapter_model.safetensors")).nlink, 2, "hard link, not a copy");
  assert.equal(sh(protectCheckpointCommand(dir, 100)), "HAVE");
  mkdirSync(path.join(dir, "checkpoint-200"));
  writeFileSync(path.join(dir, "checkpoint-200", "trainer_state.json"), "{}");
  assert.equal(sh(protectCheckpointCommand(dir, 200)), "OK");
  assert.ok(!existsSync(path.join(dir, "best-checkpoint-100")));
  assert.deepEqual(readdirSync(dir).sort(), ["best-checkpoint-200", "checkpoint-100", "checkpoint-200"]);
  assert.throws(() => protectCheckpointCommand(dir, -1));
});

test("final metrics keep non-finite numbers as text (jsonb has no NaN)", () => {
  assert.deepEqual(jsonSafe({ eval_loss: NaN, a: [Infinity, 1], b: { c: -Infinity } }), { eval_loss: "NaN", a: ["Infinity", 1], b: { c: "-Infinity" } });
});
