import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { launchRun } from "@/lib/runs/launch-run";
import { superviseHost } from "@/lib/runs/supervise-host";
import { requestStop } from "@/lib/runs/request-stop";
import { killRun } from "@/lib/runs/kill-run";
import { getQueuePosition } from "@/lib/runs/queue-position";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";

let fx: TRunFixture;
before(async () => {
  fx = await setupRunFixture({ port: 22321, gpus: 2, stepSeconds: 0.02, tag: "launch" });
});
after(async () => {
  await closeAllHostConnections();
  await fx.cleanup();
  await closeQueues();
  await prisma.$disconnect();
});

const launch = (name: string, extra: Partial<Parameters<typeof createRun>[0]> = {}) =>
  createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices: [0], name, userId: null, ...extra });

async function superviseUntil(runId: string, statuses: string[], timeoutMs = 60_000) {
  return waitFor(
    `run ${runId} to reach ${statuses.join("/")}`,
    async () => {
      await superviseHost({ hostId: fx.hostId });
      const r = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
      return statuses.includes(r.status) ? r : null;
    },
    timeoutMs,
    300,
  );
}

const groupAlive = (pgid: number) => Number(fx.sshd.sh(`ps -eo pgid=,stat= | awk -v g=${pgid} '$1==g && $2 !~ /^Z/' | wc -l`).trim());
const hasLog = (dir: string) => async () => fx.sshd.sh(`test -s ${dir}/trainer_log.jsonl && echo y || true`).trim() === "y";

test("QUEUED → RUNNING → SUCCEEDED with pid file, config upload, and leases released", async () => {
  const { runId } = await launch("ok run", { overrides: "learning_rate=5e-5\nnum_train_epochs=1" });
  let run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(run.status, "QUEUED");
  assert.match(run.configYaml, /learning_rate: 5\.0e-5/);
  assert.ok(run.configYaml.includes(`output_dir: ${run.outputDir}`), run.configYaml);
  assert.equal(await launchRun({ runId }), "started");
  run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(run.status, "RUNNING");
  assert.equal(run.launchStep, "PROCESS_STARTED");
  assert.ok(run.remotePid && run.remotePid === run.remotePgid);
  assert.equal(fx.sshd.sh(`cat ${run.outputDir}/ffloor.pid`).trim(), String(run.remotePid));
  assert.equal(fx.sshd.sh(`cat ${run.outputDir}/config.yaml`), run.configYaml);
  assert.equal(await prisma.gpuLease.count({ where: { runId } }), 1);
  // A retried job is a no-op, and a job that lost its DB write after starting finds the same pid.
  assert.equal(await launchRun({ runId }), "skipped");
  await prisma.run.update({ where: { id: runId }, data: { launchStep: "CONFIG_UPLOADED", status: "STARTING" } });
  assert.equal(await launchRun({ runId }), "started");
  assert.equal((await prisma.run.findUniqueOrThrow({ where: { id: runId } })).remotePid, run.remotePid);
  const done = await superviseUntil(runId, ["SUCCEEDED", "FAILED"]);
  assert.equal(done.status, "SUCCEEDED", done.errorExcerpt ?? "");
  assert.equal(done.exitCode, 0);
  assert.ok(done.finishedAt);
  assert.equal(await prisma.gpuLease.count({ where: { runId } }), 0);
  assert.notEqual(fx.sshd.sh(`wc -l < ${run.outputDir}/trainer_log.jsonl`).trim(), "0");
});

test("a config LLaMA-Factory rejects ends FAILED with the traceback tail as the excerpt", async () => {
  // An unknown dataset never gets this far now (the preflight refuses it before queueing); a split
  // that only fails once LF has counted the samples still does.
  await assert.rejects(launch("bad dataset", { overrides: ["dataset=no_such_dataset_xyz"] }), /config\.dataset: "no_such_dataset_xyz" is not in/);
  const { runId } = await launch("bad split", { overrides: ["max_samples=1", "val_size=0.5"] });
  assert.equal(await launchRun({ runId }), "started");
  const r = await superviseUntil(runId, ["SUCCEEDED", "FAILED"]);
  assert.equal(r.status, "FAILED");
  assert.equal(r.exitCode, 1);
  assert.match(r.errorExcerpt ?? "", /test_size=0\.5 should be either positive and smaller than the number of samples 1/);
});

test("busy GPU: second run waits with a queue position and starts after the first is killed; kill verified ≤ 2 s", async () => {
  const slow = { overrides: ["num_train_epochs=50"] };
  const a = await launch("holder", slow);
  assert.equal(await launchRun({ runId: a.runId }), "started");
  const b = await launch("waiter", slow);
  assert.equal(await launchRun({ runId: b.runId }), "waiting");
  const pos = await getQueuePosition({ runId: b.runId });
  assert.equal(pos?.position, 1);
  assert.deepEqual(pos?.waitingFor.map((w) => w.runId), [a.runId]);
  const runA = await prisma.run.findUniqueOrThrow({ where: { id: a.runId } });
  await waitFor("trainer_log", hasLog(`${runA.outputDir}`), 20_000);

  const t0 = Date.now();
  await requestStop({ runId: a.runId, kind: "KILL", userId: null });
  await requestStop({ runId: a.runId, kind: "KILL", userId: null }); // killing twice is one kill
  assert.equal(await killRun({ runId: a.runId }), "verified");
  const ms = Date.now() - t0;
  console.log(`# kill: request → verified gone in ${ms} ms`);
  assert.ok(ms <= 2000, `kill took ${ms} ms`);
  const killed = await prisma.run.findUniqueOrThrow({ where: { id: a.runId }, include: { events: true } });
  assert.equal(killed.status, "KILLED");
  assert.equal(killed.killStage, "VERIFIED");
  assert.equal(groupAlive(killed.remotePgid!), 0);
  assert.ok(killed.events.some((e) => e.type === "KILL_VERIFIED"));
  assert.equal(killed.events.filter((e) => e.type === "STOP_REQUESTED").length, 1);
  assert.equal(await killRun({ runId: a.runId }), "not-stopping");
  // finishRun kicked the host queue: b got the GPU.
  assert.equal((await prisma.run.findUniqueOrThrow({ where: { id: b.runId } })).status, "STARTING");
  assert.equal(await launchRun({ runId: b.runId }), "started");
  await requestStop({ runId: b.runId, kind: "KILL", userId: null });
  assert.equal(await killRun({ runId: b.runId }), "verified");
});

test("graceful stop lets LLaMA-Factory save and exit 0: STOPPED", async () => {
  const { runId } = await launch("graceful", { overrides: ["num_train_epochs=50"] });
  assert.equal(await launchRun({ runId }), "started");
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  await waitFor("trainer_log", hasLog(`${run.outputDir}`), 20_000);
  await requestStop({ runId, kind: "GRACEFUL", userId: null, reason: "test" });
  assert.equal(await killRun({ runId }), "verified");
  const r = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { events: { orderBy: { id: "asc" } } } });
  assert.equal(r.status, "STOPPED");
  assert.equal(r.exitCode, 0, r.events.map((e) => e.message).join("\n"));
  assert.ok(!r.events.some((e) => /SIGTERM|SIGKILL/.test(e.message)), "no escalation needed");
});

test("a queued run is cancelled without touching the host", async () => {
  const a = await launch("blocker", { overrides: ["num_train_epochs=50"], gpuIndices: [1] });
  assert.equal(await launchRun({ runId: a.runId }), "started");
  const b = await launch("to cancel", { gpuIndices: [1] });
  assert.equal(await launchRun({ runId: b.runId }), "waiting");
  const res = await requestStop({ runId: b.runId, kind: "KILL", userId: null });
  assert.equal(res.status, "CANCELLED");
  const rb = await prisma.run.findUniqueOrThrow({ where: { id: b.runId } });
  assert.equal(fx.sshd.sh(`test -e ${rb.outputDir} && echo exists || echo absent`).trim(), "absent");
  await requestStop({ runId: a.runId, kind: "KILL", userId: null });
  assert.equal(await killRun({ runId: a.runId }), "verified");
});
