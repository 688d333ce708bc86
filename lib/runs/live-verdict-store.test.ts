import assert from "node:assert/strict";
import { test } from "node:test";
import { liveVerdictKey, parseLiveVerdict } from "./live-verdict-store";

const base = {
  verdict: "learning", why: "early in the run", judgeable: true, lastStep: 10, totalSteps: 45, bestStep: null, bestEvalLoss: null, stopped: null,
  rules: [{ rule: "patience", label: "eval patience", mode: "stop" as const, status: "counting" as const, count: 1, needed: 3, unit: "evaluations",
    text: "eval patience: 1 of 3 evaluations without improvement", firedStep: null }],
};

test("a stored live verdict reads back; anything else reads as none instead of breaking a page", () => {
  assert.deepEqual(parseLiveVerdict({ ...base, at: "2026-12-03T08:00:00.000Z" })?.rules[0]?.count, 1);
  assert.equal(parseLiveVerdict(null), null);
  assert.equal(parseLiveVerdict({ verdict: "learning" }), null);
  assert.equal(parseLiveVerdict({ ...base, at: "x", rules: [{ ...base.rules[0], status: "exploded" }] }), null);
});

test("the change key ignores nothing but the time, and spells NaN the way jsonb can hold it", () => {
  assert.equal(liveVerdictKey(base), liveVerdictKey({ ...base }));
  assert.notEqual(liveVerdictKey(base), liveVerdictKey({ ...base, lastStep: 12 }));
  assert.match(liveVerdictKey({ ...base, bestEvalLoss: NaN as unknown as null }), /"bestEvalLoss":"NaN"/);
});
