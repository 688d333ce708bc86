import { test } from "node:test";
import assert from "node:assert/strict";
import { RULE_ORDER, defaultRulesConfig } from "@/lib/rules/config";
import { ruleSpecs } from "./rule-params";

test("every rule of RULE_ORDER is listed in engine order, then smoothing", () => {
  assert.deepEqual(ruleSpecs().map((s) => s.rule), [...RULE_ORDER, "smoothing"]);
});

test("every parameter has a one-line explanation and its schema default", () => {
  const d = defaultRulesConfig() as unknown as Record<string, Record<string, unknown>>;
  for (const s of ruleSpecs()) {
    assert.ok(s.help.length > 10, `${s.rule} has no help`);
    if (s.rule !== "smoothing") assert.equal(s.defaultMode, d[s.rule]!.mode);
    for (const p of s.params) {
      assert.ok(p.help.length > 10, `${s.rule}.${p.key} has no help`);
      assert.equal(p.default, d[s.rule]![p.key], `${s.rule}.${p.key} default`);
    }
  }
});

test("bounds and kinds come from the schema", () => {
  const patience = ruleSpecs().find((s) => s.rule === "patience")!;
  const n = patience.params.find((p) => p.key === "patience")!;
  assert.equal(n.kind, "int");
  assert.equal(n.min, 1);
  assert.equal(n.max, null);
  const rel = patience.params.find((p) => p.key === "minDeltaRel")!;
  assert.deepEqual([rel.kind, rel.min, rel.max], ["number", 0, 1]);
  const plateau = ruleSpecs().find((s) => s.rule === "plateau")!;
  assert.equal(plateau.params.find((p) => p.key === "onlyWithoutEval")!.kind, "boolean");
});
