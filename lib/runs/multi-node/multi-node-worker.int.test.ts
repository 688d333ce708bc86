// Multi-node runs driven by the real worker process (`workers/index.ts`): it launches both nodes from the
// queue, polls rank 0's log, lets the rules stop a NaN run early on both nodes, and a gracefully stopped
// 2-node run resumes from its checkpoint on the same two nodes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { requestStop } from "@/lib/runs/request-stop";
import { resumeRun } from "@/lib/runs/resume-run";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { countGroupCommand } from "@/lib/runs/remote-commands";
import { freePort, setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";
import { startWorkerProcess, stopWorkerProcess } from "@/lib/runs/testing/worker-process";

const FINAL = ["SUCCEEDED", "FAILED", "KILLED", "CANCELLED", "STOPPED", "STOPPED_EARLY"];
let a: TRunFixture;
let b: TRunFixture;
let worker: ChildProcess | null = null;

before(async () => {
  [a, b] = await Promise.all([
    setupRunFixture({ port: 22433, gpus: 1, stepSeconds: 0.1, tag: "mnw-a" }),
    setupRunFixture({ port: 22434, gpus: 1, stepSeconds: 0.1, tag: "mnw-b" }),
  ]);
  worker = await startWorkerProcess({ log: `/tmp/ff-multi-node-worker-${process.pid}.log`, env: { POLL_INTERVAL_MS: "1000", WORKER_CONCURRENCY: "4" } });
});
after(async () => {
  await stopWorkerProcess(worker);
  await closeAllHostConnections();
  await prisma.run.deleteMany({ where: { hostId: { in: [a.hostId, b.hostId] }, parentRunId: { not: null } } });
  await prisma.run.deleteMany({ where: { hostId: { in: [a.hostId, b.hostId] } } });
  await a.cleanup();
  await b.cleanup();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

const launch = async (name: string, overrides: string[]) => (await createRun({
  presetVersionId: a.presetVersionId, hostId: a.hostId, gpuIndices: [0], nodes: [{ hostId: b.hostId, gpuIndices: [0] }],
  masterPort: await freePort(), name, userId: null, overrides })).runId;
const finished = (id: string, ms: number) => waitFor(`run ${id} to finish`, async () => {
  const r = await prisma.run.findUniqueOrThrow({ where: { id } });
  return FINAL.includes(r.status) ? r : null;
}, ms, 250);
async function groupsLeft(runId: string): Promise<number[]> {
  const ns = await prisma.runNode.findMany({ where: { runId }, orderBy: { rank: "asc" } });
  return ns.map((n) => Number((n.rank === 0 ? a : b).sshd.sh(countGroupCommand(n.remotePgid!)).trim()));
}

test("the rules stop a NaN 2-node run early on both nodes", { timeout: 150_000 }, async () => {
  const id = await launch("mn nan", ["learning_rate=3.0", "lr_scheduler_type=constant", "warmup_ratio=0", "num_train_epochs=3.0", "logging_steps=5", "seed=2"]);
  const run = await finished(id, 120_000);
  assert.equal(run.status, "STOPPED_EARLY", `${run.status} ${run.errorExcerpt ?? ""}`);
  assert.equal(run.stopRule, "nonFinite");
  assert.deepEqual(await groupsLeft(id), [0, 0], "no process of either node's group is left");
  const v = await prisma.runEvent.findFirstOrThrow({ where: { runId: id, type: "KILL_VERIFIED" } });
  assert.match(v.message, /on any of its 2 nodes/);
});

test("a gracefully stopped 2-node run resumes from its checkpoint on the same nodes", { timeout: 200_000 }, async () => {
  const id = await launch("mn stop", ["num_train_epochs=3.0", "logging_steps=5", "save_steps=10"]);
  await waitFor("a checkpoint on node 0", async () => a.sshd.sh(`ls -d ${(await prisma.run.findUniqueOrThrow({ where: { id } })).outputDir}/checkpoint-* 2>/dev/null | head -1`).trim() || null, 90_000, 500);
  await requestStop({ runId: id, kind: "GRACEFUL", userId: null });
  const stopped = await finished(id, 60_000);
  assert.equal(stopped.status, "STOPPED", `${stopped.status} ${stopped.errorExcerpt ?? ""}`);
  assert.deepEqual(await groupsLeft(id), [0, 0]);

  const child = await resumeRun({ runId: id, userId: null });
  const nodes = await prisma.runNode.findMany({ where: { runId: child.runId }, orderBy: { rank: "asc" } });
  assert.deepEqual(nodes.map((n) => n.hostId), [a.hostId, b.hostId], "the child runs on the same two nodes");
  const ck = Number(/(\d+)$/.exec(child.checkpoint)![1]);
  const done = await finished(child.runId, 150_000);
  assert.equal(done.status, "SUCCEEDED", `${done.status} ${done.errorExcerpt ?? ""}`);
  const first = JSON.parse(a.sshd.sh(`head -1 ${done.outputDir}/trainer_log.jsonl`)) as { current_steps: number };
  assert.ok(first.current_steps > ck, `resumed at step ${first.current_steps}, after ${child.checkpoint}`);
});
