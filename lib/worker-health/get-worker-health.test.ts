import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeWorkerHealth, workerDownMessage } from "@/lib/worker-health/get-worker-health";

test("a worker beating within the stale window is alive; no banner", () => {
  const h = judgeWorkerHealth([{ beatAgeMs: 4_000, stoppedAgeMs: null }], 30_000);
  assert.equal(h.alive, true);
  assert.equal(workerDownMessage(h), null);
});

test("a silent worker is dead and the banner says for how long", () => {
  const h = judgeWorkerHealth([{ beatAgeMs: 45_400, stoppedAgeMs: null }, { beatAgeMs: 900_000, stoppedAgeMs: 880_000 }], 30_000);
  assert.deepEqual(h, { alive: false, silentForS: 45, stoppedCleanly: false });
  assert.equal(workerDownMessage(h), "No worker has reported for 45 s: runs are not being launched, watched or stopped.");
});

test("one live worker among dead ones is enough", () => {
  assert.equal(judgeWorkerHealth([{ beatAgeMs: 600_000, stoppedAgeMs: null }, { beatAgeMs: 1_000, stoppedAgeMs: null }], 30_000).alive, true);
});

test("a worker that shut down cleanly is not alive even if its last beat is fresh", () => {
  const h = judgeWorkerHealth([{ beatAgeMs: 2_000, stoppedAgeMs: 1_000 }], 30_000);
  assert.equal(h.alive, false);
  assert.equal(workerDownMessage(h), "The worker stopped 1 s ago: runs are not being launched, watched or stopped.");
});

test("no heartbeat at all, and long silences in minutes and hours", () => {
  assert.equal(workerDownMessage(judgeWorkerHealth([], 30_000)), "No worker has reported yet: runs are not being launched, watched or stopped.");
  assert.match(workerDownMessage(judgeWorkerHealth([{ beatAgeMs: 600_000, stoppedAgeMs: null }]))!, /for 10 min:/);
  assert.match(workerDownMessage(judgeWorkerHealth([{ beatAgeMs: 3 * 3_600_000, stoppedAgeMs: null }]))!, /for 3 h:/);
});
