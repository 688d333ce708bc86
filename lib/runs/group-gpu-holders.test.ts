import { test } from "node:test";
import assert from "node:assert/strict";
import { gpuLabel, groupGpuHolders } from "./group-gpu-holders";

test("GPUs held by the same run are named once, in the order they were listed", () => {
  const g = groupGpuHolders([
    { gpuIndex: 2, runId: "a", runName: "A" }, { gpuIndex: 1, runId: "b", runName: "B" }, { gpuIndex: 3, runId: "a", runName: "A" },
  ]);
  assert.deepEqual(g, [{ runId: "a", runName: "A", gpus: [2, 3] }, { runId: "b", runName: "B", gpus: [1] }]);
  assert.deepEqual(g.map((h) => gpuLabel(h.gpus)), ["GPUs 2, 3", "GPU 1"]);
});

test("nothing held, nothing listed", () => {
  assert.deepEqual(groupGpuHolders([]), []);
});
