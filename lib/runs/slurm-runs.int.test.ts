// Runs on a real Slurm cluster end to end: the real worker (`tsx workers/index.ts`) submits with sbatch
// from a sandbox login sshd to the one-node Slurm of scripts/sandbox/slurm.sh (4 GRES GPUs), reads
// PENDING/RUNNING, queue position and reason from squeue/scontrol, ingests the curves from the shared
// run folder, stops early (rules), stops gracefully and kills with Slurm's own proof, resumes from a
// checkpoint as a new job, and ends a run at the cluster's time limit with a checkpoint to resume.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { prisma, type Run } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { requestStop } from "@/lib/runs/request-stop";
import { resumeRun } from "@/lib/runs/resume-run";
import { createCluster } from "@/lib/slurm/create-cluster";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { SIM_YAML, waitFor } from "@/lib/runs/testing/run-fixtures";
import { slurmCli, slurmDown, slurmUp, startLoginSshd } from "@/lib/executors/testing/slurm-sandbox";
import { TIME_LIMIT_MESSAGE } from "@/lib/runs/supervise-slurm";
import type { TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { startWorkerProcess } from "@/lib/runs/testing/worker-process";

const FINAL = ["SUCCEEDED", "FAILED", "KILLED", "CANCELLED", "STOPPED", "STOPPED_EARLY"];
let sshd: TThrowawaySshd;
let clusterId = "";
let presetVersionId = "";
let worker: ChildProcess | null = null;

function startWorker(): Promise<ChildProcess> {
  return startWorkerProcess({ log: `/tmp/ff-slurm-runs-worker-${process.pid}.log`, env: { POLL_INTERVAL_MS: "1000", WORKER_CONCURRENCY: "4" }, onSpawn: (c) => { worker = c; } });
}

before(async () => {
  slurmUp();
  sshd = startLoginSshd({ port: 22813, stepSeconds: 0.1 });
  const c = await createCluster({ name: `sbx-${process.pid}`, address: sshd.address, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey,
    hostKeyFingerprint: sshd.hostKeyFingerprint, partition: "gpu", timeLimitMin: 30, userId: null }, {}, { profile: sshd.profile! });
  assert.equal(c.gpusPerNode, 4, "GPUs per node read from sinfo's GRES");
  assert.equal(c.nodeCount, 1);
  clusterId = c.id;
  const preset = await prisma.preset.create({ data: { name: `slurm-preset-${process.pid}`, versions: { create: { version: 1, yaml: SIM_YAML } } }, include: { versions: true } });
  presetVersionId = preset.versions[0]!.id;
  await startWorker();
});
after(async () => {
  if (worker && worker.exitCode === null) {
    worker.removeAllListeners("exit");
    worker.kill("SIGTERM");
    await new Promise((r) => worker!.once("exit", r));
  }
  sshd?.stop();
  slurmDown();
  // The rows stay for inspection, but the login node is archived: later tests' workers lease every
  // live host, and a dead one would skew their share.
  const c = clusterId ? await prisma.slurmCluster.findUnique({ where: { id: clusterId }, select: { loginHostId: true } }) : null;
  if (c) await prisma.host.update({ where: { id: c.loginHostId }, data: { archived: true } });
  await closeAllHostConnections();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

const launch = (name: string, gpus: number, overrides: string[] = []) =>
  createRun({ presetVersionId, clusterId, gpuIndices: Array.from({ length: gpus }, (_, i) => i), name, userId: null, overrides });
const row = (id: string) => prisma.run.findUniqueOrThrow({ where: { id } });
const until = (id: string, what: string, pred: (r: Run) => boolean, ms = 45_000) => waitFor(`${what} (${id})`, async () => { const r = await row(id); return pred(r) ? r : null; }, ms, 200);
const finished = (id: string, ms = 60_000) => until(id, "finished", (r) => FINAL.includes(r.status), ms);
const jobState = (jobId: string) => /JobState=(\S+)/.exec(slurmCli("scontrol", ["show", "job", "-o", jobId]))?.[1];

test("PENDING with Slurm's reason and position, RUNNING, curves ingested; kill proven by Slurm; the next job starts", { timeout: 90_000 }, async () => {
  const big = await launch("slurm big", 4, ["num_train_epochs=20.0"]);
  let a = await row(big.runId);
  assert.equal(a.executor, "SLURM");
  assert.equal(a.targetId, clusterId);
  assert.equal(a.status, "STARTING");
  a = await until(big.runId, "RUNNING", (r) => r.status === "RUNNING");
  assert.match(a.slurmJobId ?? "", /^\d+$/);
  assert.equal(jobState(a.slurmJobId!), "RUNNING");
  const small = await launch("slurm small", 1, ["num_train_epochs=20.0"]);
  const b = await until(small.runId, "PENDING on Resources", (r) => r.slurmState === "PENDING" && r.queueReason === "Resources");
  assert.equal(b.status, "STARTING");
  assert.equal(b.queuePosition, 1);
  // Curves: the poller reads trainer_log.jsonl from the run folder the login node shares with the node.
  await until(big.runId, "curves ingested", (r) => (r.lastStep ?? 0) >= 10);
  assert.ok((await prisma.metricBlock.count({ where: { runId: big.runId } })) > 0, "metric blocks stored");
  await requestStop({ runId: big.runId, userId: null, kind: "KILL" });
  a = await finished(big.runId);
  assert.equal(a.status, "KILLED");
  assert.equal(a.killStage, "VERIFIED");
  const proof = await prisma.runEvent.findFirstOrThrow({ where: { runId: big.runId, type: "KILL_VERIFIED" } });
  assert.match(proof.message, new RegExp(`Slurm job ${a.slurmJobId} is (CANCELLED|COMPLETED|FAILED).*verified with scontrol`));
  assert.ok(["CANCELLED", "COMPLETED", "FAILED"].includes(jobState(a.slurmJobId!)!), "Slurm agrees the job is over");
  assert.equal(a.slurmState, jobState(a.slurmJobId!), "the run records the job's final state");
  // Its GPUs free up in Slurm and the pending job starts by itself.
  await until(small.runId, "RUNNING after the kill", (r) => r.status === "RUNNING", 30_000);
  await requestStop({ runId: small.runId, userId: null, kind: "KILL" });
  assert.equal((await finished(small.runId)).status, "KILLED");
});

test("graceful stop: SIGABRT to the batch step, LF stops at the next step and exits 0; resume continues from its checkpoint as a new job", { timeout: 90_000 }, async () => {
  const r = await launch("slurm graceful", 1, ["num_train_epochs=20.0", "save_steps=10"]);
  await until(r.runId, "a checkpoint", (x) => (x.lastStep ?? 0) >= 25);
  await requestStop({ runId: r.runId, userId: null, kind: "GRACEFUL" });
  const done = await finished(r.runId);
  assert.equal(done.status, "STOPPED", done.errorExcerpt ?? "");
  assert.equal(done.exitCode, 0);
  const ev = await prisma.runEvent.findMany({ where: { runId: r.runId, type: "SIGNAL_SENT" }, orderBy: { id: "asc" } });
  assert.match(ev[0]!.message, /SIGABRT sent to the batch step of Slurm job \d+/);
  assert.equal(ev.length, 1, "no SIGTERM was needed");
  const child = await resumeRun({ runId: r.runId, userId: null });
  assert.match(child.checkpoint, /checkpoint-\d+/);
  const c = await until(child.runId, "resumed run RUNNING", (x) => x.status === "RUNNING" && (x.lastStep ?? 0) > 0);
  assert.equal(c.executor, "SLURM");
  assert.notEqual(c.slurmJobId, done.slurmJobId);
  assert.ok(c.lastStep! > Number(/(\d+)$/.exec(child.checkpoint)![1]), "continues after the checkpoint's step");
  await requestStop({ runId: child.runId, userId: null, kind: "KILL" });
  assert.equal((await finished(child.runId)).status, "KILLED");
});

test("early stop on Slurm: a diverging run is stopped by the rules with Slurm's proof", { timeout: 90_000 }, async () => {
  const r = await launch("slurm nan", 1, ["learning_rate=3.0", "lr_scheduler_type=constant", "warmup_ratio=0", "num_train_epochs=3.0", "logging_steps=5", "seed=2"]);
  const done = await finished(r.runId, 80_000);
  assert.equal(done.status, "STOPPED_EARLY", `${done.status} ${done.errorExcerpt ?? ""}`);
  assert.equal(done.stopRule, "nonFinite");
  assert.ok(await prisma.runEvent.findFirst({ where: { runId: r.runId, type: "KILL_VERIFIED", message: { contains: "verified with scontrol" } } }));
});

test("the cluster's time limit: B:ABRT warning, LF saves and stops, the run says so and can be resumed", { timeout: 90_000 }, async () => {
  await prisma.slurmCluster.update({ where: { id: clusterId }, data: { timeLimitMin: 1 } });
  try {
    // A 1-minute limit is inside the 120 s warning window: slurmctld sends B:ABRT at its next time-limit
    // check, which can come before step 10. A checkpoint every step (2 kept) means one exists whenever it comes.
    const r = await launch("slurm wall clock", 1, ["num_train_epochs=50.0", "save_steps=1", "save_total_limit=2"]);
    const done = await finished(r.runId, 85_000);
    assert.equal(done.status, "STOPPED", `${done.status} ${done.errorExcerpt ?? ""}`);
    const ev = await prisma.runEvent.findFirstOrThrow({ where: { runId: r.runId, type: "STATUS_CHANGED", message: { startsWith: TIME_LIMIT_MESSAGE } } });
    assert.match(ev.message, /saved a checkpoint on the warning signal/);
    assert.equal(done.exitCode, 0);
    const cps = sshd.sh(`ls ${done.outputDir}`);
    assert.match(cps, /checkpoint-\d+/);
  } finally {
    await prisma.slurmCluster.update({ where: { id: clusterId }, data: { timeLimitMin: 30 } });
  }
});
