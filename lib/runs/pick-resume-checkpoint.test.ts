import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listResumableCommand, parseResumable, pickResumeCheckpoint } from "./pick-resume-checkpoint";

test("the protected best copy is picked over checkpoint-* (the old basename comparison never matched it)", () => {
  const available = ["checkpoint-40", "best-checkpoint-20", "checkpoint-50"];
  assert.equal(pickResumeCheckpoint({ available, bestCheckpoint: "ffloor-runs/r1/best-checkpoint-20" }), "best-checkpoint-20");
});

test("best copy missing: the plain checkpoint of that step, else the latest checkpoint-N", () => {
  assert.equal(pickResumeCheckpoint({ available: ["checkpoint-20", "checkpoint-30"], bestCheckpoint: "d/best-checkpoint-20" }), "checkpoint-20");
  assert.equal(pickResumeCheckpoint({ available: ["checkpoint-30", "checkpoint-40"], bestCheckpoint: "d/best-checkpoint-20" }), "checkpoint-40");
  assert.equal(pickResumeCheckpoint({ available: ["checkpoint-30", "checkpoint-40"], bestCheckpoint: null }), "checkpoint-40");
  // The latest is a plain checkpoint even when an older best copy sorts after it by name.
  assert.equal(pickResumeCheckpoint({ available: parseResumable("best-checkpoint-10\ncheckpoint-90\ncheckpoint-100\n"), bestCheckpoint: null }), "checkpoint-100");
  assert.equal(pickResumeCheckpoint({ available: [], bestCheckpoint: "d/best-checkpoint-20" }), null);
});

test("an explicit choice must exist", () => {
  assert.equal(pickResumeCheckpoint({ available: ["checkpoint-20"], bestCheckpoint: null, requested: "checkpoint-20" }), "checkpoint-20");
  assert.equal(pickResumeCheckpoint({ available: ["checkpoint-20"], bestCheckpoint: null, requested: "checkpoint-30" }), null);
});

test("the listing command finds complete checkpoint folders only, numerically sorted, in a hostile path", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ff resume '$(x)"));
  for (const [d, done] of [["checkpoint-100", true], ["checkpoint-9", true], ["best-checkpoint-20", true], ["checkpoint-110", false], ["other", true]] as const) {
    mkdirSync(path.join(dir, d));
    if (done) writeFileSync(path.join(dir, d, "trainer_state.json"), "{}");
  }
  const out = execFileSync("sh", ["-c", listResumableCommand(dir)], { encoding: "utf8" });
  assert.deepEqual(parseResumable(out), ["checkpoint-9", "best-checkpoint-20", "checkpoint-100"]);
  assert.equal(execFileSync("sh", ["-c", listResumableCommand(path.join(dir, "nope"))], { encoding: "utf8" }), "");
});
