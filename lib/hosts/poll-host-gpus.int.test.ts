// The worker's GPU poll against a real sshd host running the simulator: a busy GPU reads its real
// memory and utilisation without "Refresh GPUs", the run gets samples for its GPU only, and a host
// that stops answering records the failed poll's time and reason.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { launchRun } from "@/lib/runs/launch-run";
import { killRun } from "@/lib/runs/kill-run";
import { requestStop } from "@/lib/runs/request-stop";
import { pollHostGpus } from "@/lib/hosts/poll-host-gpus";
import { getRunGpuSamples } from "@/lib/runs/get-gpu-samples";
import { ZGpuList } from "@/lib/hosts/parse-nvidia-smi";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";

let fx: TRunFixture;
before(async () => {
  fx = await setupRunFixture({ port: 22361, gpus: 2, stepSeconds: 0.05, tag: "gpupoll" });
});
after(async () => {
  await closeAllHostConnections();
  await fx.cleanup();
  await closeQueues();
  await prisma.$disconnect();
});

const hostRow = () => prisma.host.findUniqueOrThrow({ where: { id: fx.hostId }, select: { id: true, name: true, address: true, port: true, username: true, privateKeyEnc: true, hostKeyFingerprint: true } });

test("a busy GPU is read by the poll and sampled for its run; the idle one is not sampled", { timeout: 90_000 }, async () => {
  const { runId } = await createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices: [1], name: "gpu poll", userId: null, overrides: ["num_train_epochs=50"] });
  assert.equal(await launchRun({ runId }), "started");
  const h = await hostRow();
  // The simulated trainer reports utilisation once its training loop runs.
  const busy = await waitFor("the GPU to read busy", async () => {
    const r = await pollHostGpus(h);
    assert.equal(r.ok, true, r.ok ? "" : r.error);
    const g = r.ok ? r.gpus.find((x) => x.index === 1) : undefined;
    return g && (g.utilization ?? 0) > 0 && g.memoryUsedMiB > 0 ? g : null;
  }, 40_000, 500);
  const host = await prisma.host.findUniqueOrThrow({ where: { id: fx.hostId } });
  const stored = ZGpuList.parse(host.gpus);
  assert.equal(stored.find((g) => g.index === 1)!.memoryUsedMiB, busy.memoryUsedMiB, "the inventory on the host row is the polled one");
  assert.equal(stored.find((g) => g.index === 0)!.memoryUsedMiB, 0);
  assert.ok(host.lastPolledAt && Date.now() - host.lastPolledAt.getTime() < 5_000);
  assert.equal(host.status, "ONLINE");

  const samples = await prisma.gpuSample.findMany({ where: { runId }, orderBy: { at: "asc" } });
  assert.ok(samples.length >= 1);
  assert.ok(samples.every((s) => s.gpuIndex === 1 && s.memoryTotalMiB > 0 && s.hostId === fx.hostId));
  const last = samples.at(-1)!;
  assert.equal(last.memoryUsedMiB, busy.memoryUsedMiB);
  assert.equal(last.utilization, busy.utilization);

  // The run page's chart data: one series, for GPU 1, ending at the last sample.
  const chart = await getRunGpuSamples({ runId });
  assert.deepEqual(chart.gpus.map((g) => g.gpuIndex), [1]);
  assert.equal(chart.gpus[0]!.points.length, samples.length > 1 ? chart.gpus[0]!.points.length : 1);
  assert.equal(chart.gpus[0]!.points.at(-1)!.memMiB, busy.memoryUsedMiB);
  assert.equal(chart.gpus[0]!.memoryTotalMiB, busy.memoryTotalMiB);

  await requestStop({ runId, kind: "KILL", userId: null });
  assert.equal(await killRun({ runId }), "verified");
  const before = await prisma.gpuSample.count({ where: { runId } });
  const r = await pollHostGpus(h);
  assert.ok(r.ok && r.gpus.find((x) => x.index === 1)!.memoryUsedMiB === 0, "the freed GPU reads idle");
  assert.equal(await prisma.gpuSample.count({ where: { runId } }), before, "a finished run gets no more samples");
});

test("a host that stops answering: the failed poll's time and reason are recorded", { timeout: 60_000 }, async () => {
  fx.sshd.stop();
  await closeAllHostConnections();
  const t0 = Date.now();
  const r = await pollHostGpus(await hostRow());
  assert.equal(r.ok, false);
  const host = await prisma.host.findUniqueOrThrow({ where: { id: fx.hostId } });
  assert.equal(host.status, "UNREACHABLE");
  assert.ok(host.lastError && host.lastError.length > 0);
  assert.ok(host.lastPolledAt && host.lastPolledAt.getTime() >= t0 - 1000);
});
