import { test } from "node:test";
import assert from "node:assert/strict";
import { findRunDirsCommand, parseFindOutput } from "./find-command";

test("find command: quotes the root, expands only a leading ~, prunes checkpoints", () => {
  const c = findRunDirsCommand("~/saves/it's $(rm -rf /)");
  assert.match(c, /cd -- "\$HOME"\/'saves\/it'\\''s \$\(rm -rf \/\)'/);
  assert.match(findRunDirsCommand("/data/x"), /cd -- '\/data\/x'/);
  assert.match(c, /-name 'checkpoint-\*'/);
});

test("find output: grouped by dir, marker files only, checkpoint-less, sorted", () => {
  const out = [
    "ROOT /h/saves",
    "120 1700000000.5 /h/saves/m/lora/a/trainer_log.jsonl",
    "30 1700000001.0 /h/saves/m/lora/a/training_args.yaml",
    "10 1700000000 /h/saves/m/lora/b/all_results.json",
    "55 1700000002 /h/saves/m/lora/c with space/trainer_state.json",
    "garbage",
    "",
  ].join("\0");
  const r = parseFindOutput(out, "saves");
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.root, "/h/saves");
  assert.deepEqual(r.dirs.map((d) => d.rel), ["m/lora/a", "m/lora/c with space"]);
  assert.deepEqual(r.dirs[0]!.files["trainer_log.jsonl"], { size: 120, mtimeMs: 1700000000500 });
  assert.equal(parseFindOutput("NOROOT\n", "x").ok, false);
  assert.equal(parseFindOutput("", "x").ok, false);
});
