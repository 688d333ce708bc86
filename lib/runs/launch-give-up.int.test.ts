// A launch whose host is down: retried while young, failed with its GPUs freed once the host has been
// silent for LAUNCH_GIVE_UP_MS, but never given up once the start command may have been sent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { launchRun } from "@/lib/runs/launch-run";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { setupRunFixture, type TRunFixture } from "@/lib/runs/testing/run-fixtures";

let fx: TRunFixture;
before(async () => {
  fx = await setupRunFixture({ port: 22323, gpus: 2, stepSeconds: 0.02, tag: "give-up" });
  fx.sshd.stop(); // the host goes down before anything is launched
});
after(async () => {
  await closeAllHostConnections();
  await fx.cleanup();
  await closeQueues();
  await prisma.$disconnect();
});

const ELEVEN_MIN = 11 * 60_000;
const backdateLeases = (runId: string) =>
  prisma.gpuLease.updateMany({ where: { runId }, data: { createdAt: new Date(Date.now() - ELEVEN_MIN) } });

test("a young launch to a dead host is retried; after 10 min silent it fails and frees its GPU", async () => {
  const { runId } = await createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices: [0], name: "dead host", userId: null });
  await assert.rejects(launchRun({ runId }));
  let run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(run.status, "STARTING");
  assert.equal(await prisma.gpuLease.count({ where: { runId } }), 1, "the GPU stays leased while the launch retries");

  await backdateLeases(runId);
  assert.equal(await launchRun({ runId }), "failed");
  run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(run.status, "FAILED");
  assert.match(run.errorExcerpt ?? "", /did not answer for 10 min .* nothing was started, the GPUs are free again/);
  assert.equal(await prisma.gpuLease.count({ where: { runId } }), 0);
});

test("once the start command may have been sent, the launch keeps retrying (no orphan)", async () => {
  const { runId } = await createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices: [1], name: "maybe started", userId: null });
  await assert.rejects(launchRun({ runId }));
  await prisma.run.update({ where: { id: runId }, data: { launchStep: "CONFIG_UPLOADED" } });
  await backdateLeases(runId);
  await assert.rejects(launchRun({ runId }));
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(run.status, "STARTING");
  assert.equal(await prisma.gpuLease.count({ where: { runId } }), 1);
});
