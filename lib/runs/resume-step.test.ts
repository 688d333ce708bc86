import { test } from "node:test";
import assert from "node:assert/strict";
import { resumeStepOf } from "@/lib/runs/resume-step";

test("the checkpoint step comes from resume_from_checkpoint", () => {
  assert.equal(resumeStepOf("stage: sft\nresume_from_checkpoint: ffloor-runs/abc/checkpoint-140\n"), 140);
  assert.equal(resumeStepOf("resume_from_checkpoint: 'ffloor-runs/abc/best-checkpoint-60/'\n"), 60);
  assert.equal(resumeStepOf("resume_from_checkpoint: null\n"), null);
  assert.equal(resumeStepOf("stage: sft\n"), null);
  assert.equal(resumeStepOf(": : :\n\t"), null);
});
