// Runs the real CLI entry in a child process, as CI would: no server, no database, no env.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EXAMPLES_DIR } from "@/lib/presets/test-fixtures";

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli/index.ts", "preset", ...args], {
    encoding: "utf8", env: { PATH: process.env.PATH ?? "", NODE_ENV: "test" }, cwd: fileURLToPath(new URL("../../..", import.meta.url)),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("lint --json on a valid training config: one JSON line, exit 0", () => {
  const r = cli("lint", path.join(EXAMPLES_DIR, "train_lora/qwen3_lora_sft.yaml"), "--json");
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split("\n");
  assert.equal(lines.length, 1);
  assert.deepEqual(JSON.parse(lines[0]!), { ok: true, errors: [], warnings: [] });
});

test("lint --json on an invalid config: errors name keys, exit 1", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ff-lint-"));
  const file = path.join(dir, "bad.yaml");
  writeFileSync(file, "model_name_or_path: m\nstage: sft\ndo_train: true\ndataset: d\nfp16: true\nbf16: true\nlearning_rate: 0\nmystery: 1\n");
  const r = cli("lint", file, "--json");
  assert.equal(r.code, 1);
  const body = JSON.parse(r.out) as { ok: boolean; errors: { key: string }[]; warnings: { key: string }[] };
  assert.equal(body.ok, false);
  // An unknown key is an error, as LF's HfArgumentParser refuses it.
  assert.deepEqual(body.errors.map((e) => e.key).sort(), ["fp16", "learning_rate", "mystery"]);
  const human = cli("lint", file);
  assert.equal(human.code, 1);
  assert.match(human.out, /error {3}learning_rate: must be greater than 0/);
});

test("lint refuses a non-training config and a missing file with exit 1", () => {
  const inf = cli("lint", path.join(EXAMPLES_DIR, "merge_lora/qwen3_lora_sft.yaml"), "--json");
  assert.equal(inf.code, 1);
  assert.match(JSON.parse(inf.out).errors[0].message, /export/);
  const missing = cli("lint", "/nonexistent/x.yaml", "--json");
  assert.equal(missing.code, 1);
  assert.match(JSON.parse(missing.out).errors[0].message, /no such file/);
});

test("usage mistakes exit 2", () => {
  assert.equal(cli("lint").code, 2);
  assert.equal(cli("frobnicate").code, 2);
  assert.equal(cli("lint", "a.yaml", "--yaml").code, 2);
});

test("lint --lf-version lints against an older host's LLaMA-Factory; --allow-extra-keys turns unknown keys into warnings", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ff-lint-"));
  const file = path.join(dir, "kt.yaml");
  writeFileSync(file, "model_name_or_path: m\nstage: sft\ndo_train: true\ndataset: d\nbf16: true\nuse_kt: false\nlearnig_rate: 1.0e-4\n");
  const old = JSON.parse(cli("lint", file, "--json", "--lf-version", "0.9.3").out) as { errors: { key: string; message: string }[] };
  assert.match(old.errors.find((e) => e.key === "use_kt")!.message, /0\.9\.4 or newer/);
  assert.match(old.errors.find((e) => e.key === "learnig_rate")!.message, /did you mean `learning_rate`/);
  const extra = cli("lint", file, "--json", "--allow-extra-keys");
  assert.equal(extra.code, 0, extra.out);
  assert.equal(cli("lint", file, "--lf-version").code, 2);
});
