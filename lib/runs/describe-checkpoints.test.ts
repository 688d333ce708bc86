import { test } from "node:test";
import assert from "node:assert/strict";
import { describeCheckpoints } from "@/lib/runs/describe-checkpoints";

test("latest, best and default are marked; steps redone count from the parent's last logged step", () => {
  const c = describeCheckpoints({ available: ["best-checkpoint-140", "checkpoint-180", "checkpoint-200"], bestCheckpoint: "ffloor-runs/x/best-checkpoint-140", lastStep: 233 });
  assert.deepEqual(c.map((x) => [x.name, x.latest, x.best, x.isDefault, x.redoSteps]), [
    ["checkpoint-200", true, false, false, 33],
    ["checkpoint-180", false, false, false, 53],
    ["best-checkpoint-140", false, true, true, 93],
  ]);
});

test("without a best checkpoint the latest is the default; a run that logged nothing redoes nothing", () => {
  const c = describeCheckpoints({ available: ["checkpoint-20", "checkpoint-40"], bestCheckpoint: null, lastStep: null });
  assert.equal(c.find((x) => x.isDefault)?.name, "checkpoint-40");
  assert.ok(c.every((x) => x.redoSteps === 0 && !x.best));
});
