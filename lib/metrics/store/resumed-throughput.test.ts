import { test } from "node:test";
import assert from "node:assert/strict";
import { resumedThroughput } from "@/lib/metrics/store/get-run-progress";

test("after a resume tokens/s comes from the resumed lines only", () => {
  // Resumed from a checkpoint that had seen 1,000,000 tokens; 2,000 tokens/s since. LF would report
  // total/elapsed = 1,040,000 / 20 = 52,000 tokens/s at the last line.
  const rows = [20, 15, 10, 5].map((e) => ({ elapsedS: e, totalTokens: String(1_000_000 + 2_000 * e) }));
  assert.equal(resumedThroughput(rows), 2000);
});

test("too little of the segment to tell: null (the caller falls back to LF's figure)", () => {
  assert.equal(resumedThroughput([{ elapsedS: 5, totalTokens: "1000" }]), null);
  assert.equal(resumedThroughput([{ elapsedS: 5, totalTokens: "2000" }, { elapsedS: 5, totalTokens: "1000" }]), null);
  assert.equal(resumedThroughput([{ elapsedS: 9, totalTokens: null }, { elapsedS: 5, totalTokens: null }]), null);
  assert.equal(resumedThroughput([]), null);
});
