import { test } from "node:test";
import assert from "node:assert/strict";
import { diffLines, diffStats } from "@/lib/presets/diff-versions";

test("identical texts diff to all-same lines", () => {
  const d = diffLines("a\nb\n", "a\nb\n");
  assert.ok(d.every((l) => l.op === "same"));
  assert.deepEqual(diffStats(d), { added: 0, removed: 0 });
});

test("one changed line is one del and one add with line numbers", () => {
  const d = diffLines("a: 1\nb: 2\nc: 3", "a: 1\nb: 5\nc: 3");
  assert.deepEqual(d.filter((l) => l.op !== "same"), [
    { op: "del", text: "b: 2", oldNo: 2 },
    { op: "add", text: "b: 5", newNo: 2 },
  ]);
});

test("insertions and deletions keep the rest aligned", () => {
  const d = diffLines("x\ny\nz", "w\nx\nz\nq");
  assert.deepEqual(d.map((l) => `${l.op}:${l.text}`), ["add:w", "same:x", "del:y", "same:z", "add:q"]);
  assert.deepEqual(diffStats(d), { added: 2, removed: 1 });
});

test("empty sides", () => {
  assert.deepEqual(diffLines("", "a").map((l) => l.op), ["del", "add"]);
  assert.deepEqual(diffLines("a", "").map((l) => l.op), ["del", "add"]);
});
