import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { dispatchHost } from "@/lib/runs/dispatch-host";
import { launchRun } from "@/lib/runs/launch-run";
import { superviseHost } from "@/lib/runs/supervise-host";
import { requestStop } from "@/lib/runs/request-stop";
import { killRun } from "@/lib/runs/kill-run";
import { resumeRun } from "@/lib/runs/resume-run";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";

let fx: TRunFixture;
before(async () => {
  fx = await setupRunFixture({ port: 22331, gpus: 4, stepSeconds: 0.02, tag: "dispatch" });
});
after(async () => {
  await closeAllHostConnections();
  await fx.cleanup();
  await closeQueues();
  await prisma.$disconnect();
});

const launch = (name: string, gpuIndices: number[], overrides: string[] = []) =>
  createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices, name, userId: null, overrides });
const groupPids = (pgid: number) => fx.sshd.sh(`ps -eo pgid=,pid=,stat=,args= | awk -v g=${pgid} '$1==g && $3 !~ /^Z/'`).trim();

test("simultaneous dispatches never lease the same GPU twice", async () => {
  const runs = [];
  for (let i = 0; i < 12; i++) runs.push((await launch(`race ${i}`, [i % 4, (i + 1) % 4])).runId);
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => dispatchHost({ hostId: fx.hostId })));
  assert.ok(results.every((r) => r.status === "fulfilled"), JSON.stringify(results.filter((r) => r.status === "rejected")));
  const granted = results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
  assert.equal(new Set(granted).size, granted.length, "a run was granted twice");
  const leases = await prisma.gpuLease.findMany({ where: { hostId: fx.hostId } });
  assert.equal(new Set(leases.map((l) => l.gpuIndex)).size, leases.length);
  // FIFO without starvation: [1,2] waits behind [0,1], and [2,3] may not jump ahead of [1,2]'s GPU 2.
  assert.deepEqual(granted, [runs[0]]);
  // A raw insert racing past the lock still hits the unique key.
  await assert.rejects(prisma.gpuLease.create({ data: { hostId: fx.hostId, gpuIndex: 0, runId: runs[5]! } }), /Unique constraint/);
  for (const id of runs) await requestStop({ runId: id, kind: "KILL", userId: null }).catch(() => {});
  for (const id of runs) await killRun({ runId: id });
  assert.equal(await prisma.gpuLease.count({ where: { hostId: fx.hostId } }), 0);
  assert.equal(await prisma.run.count({ where: { id: { in: runs }, status: { notIn: ["CANCELLED"] } } }), 0);
});

test("multi-GPU run (torchrun tree): kill leaves no process of the group and nvidia-smi shows the GPUs free", async () => {
  const { runId } = await launch("tree", [0, 1], ["num_train_epochs=50"]);
  assert.equal(await launchRun({ runId }), "started");
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  const pgid = run.remotePgid!;
  await waitFor("worker processes", async () => groupPids(pgid).split("\n").length >= 4, 20_000);
  const smiUsed = () => fx.sshd.sh(`${fx.sshd.home}/bin/nvidia-smi --query-gpu=index,memory.used --format=csv,noheader,nounits`);
  await waitFor("GPU memory in use", async () => /^0, [1-9]/m.test(smiUsed()) && /^1, [1-9]/m.test(smiUsed()), 20_000).catch((e) => {
    throw new Error(`${(e as Error).message}: ${smiUsed()} / ${groupPids(pgid)}`);
  });
  const before = groupPids(pgid);
  const t0 = Date.now();
  await requestStop({ runId, kind: "KILL", userId: null });
  assert.equal(await killRun({ runId }), "verified");
  console.log(`# multi-process kill verified in ${Date.now() - t0} ms; tree was:\n# ${before.replace(/\n/g, "\n# ")}`);
  assert.equal(groupPids(pgid), "");
  const smi = fx.sshd.sh(`${fx.sshd.home}/bin/nvidia-smi --query-gpu=index,memory.used --format=csv,noheader,nounits`);
  assert.match(smi, /^0, 0$/m);
  assert.match(smi, /^1, 0$/m);
});

test("host unreachable: RUNNING → UNREACHABLE → RUNNING; kill pending until it answers", async () => {
  const { runId } = await launch("flaky host", [2], ["num_train_epochs=50"]);
  assert.equal(await launchRun({ runId }), "started");
  const pidFile = `/tmp/ffh4-sshd/${fx.sshd.port}/sshd.pid`;
  const sshdPid = Number(execFileSync("cat", [pidFile], { encoding: "utf8" }).trim());
  // Stop only the listening daemon (our sessions die with the pooled connection we drop below).
  process.kill(sshdPid, "SIGTERM");
  await closeAllHostConnections();
  await new Promise((r) => setTimeout(r, 200));
  await superviseHost({ hostId: fx.hostId });
  let r = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(r.status, "UNREACHABLE");
  assert.equal((await prisma.host.findUniqueOrThrow({ where: { id: fx.hostId } })).status, "UNREACHABLE");
  await requestStop({ runId, kind: "KILL", userId: null });
  await assert.rejects(killRun({ runId }));
  const pending = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { events: true } });
  assert.equal(pending.status, "STOPPING");
  assert.ok(pending.events.some((e) => e.message.startsWith("Kill pending")));
  execFileSync("/usr/sbin/sshd", ["-f", `/tmp/ffh4-sshd/${fx.sshd.port}/sshd_config`]);
  assert.equal(await killRun({ runId }), "verified");
  assert.equal((await prisma.run.findUniqueOrThrow({ where: { id: runId } })).status, "KILLED");
  assert.equal(groupPids(r.remotePgid!), "");
});

test("UNREACHABLE returns to RUNNING when the host answers again", async () => {
  const { runId } = await launch("comes back", [3], ["num_train_epochs=50"]);
  assert.equal(await launchRun({ runId }), "started");
  await prisma.run.update({ where: { id: runId }, data: { status: "UNREACHABLE" } });
  await superviseHost({ hostId: fx.hostId });
  const r = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { events: true } });
  assert.equal(r.status, "RUNNING");
  assert.ok(r.events.some((e) => e.type === "HOST_BACK"));
  await requestStop({ runId, kind: "KILL", userId: null });
  assert.equal(await killRun({ runId }), "verified");
});

test("resume: a killed run with checkpoints launches a child with resume_from_checkpoint", async () => {
  const { runId } = await launch("to resume", [0], ["num_train_epochs=50", "save_steps=5"]);
  assert.equal(await launchRun({ runId }), "started");
  const parent = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  await waitFor("a checkpoint", async () => fx.sshd.sh(`ls ${parent.outputDir} | grep -c checkpoint- || true`).trim() !== "0", 20_000);
  await requestStop({ runId, kind: "KILL", userId: null });
  await killRun({ runId });
  const child = await resumeRun({ runId, userId: null });
  const c = await prisma.run.findUniqueOrThrow({ where: { id: child.runId } });
  assert.equal(c.parentRunId, runId);
  assert.ok(c.configYaml.includes(`resume_from_checkpoint: ${parent.outputDir}/${child.checkpoint}`), c.configYaml);
  assert.equal(await launchRun({ runId: c.id }), "started");
  await waitFor("resumed log", async () => /Resuming|resume|checkpoint/i.test(fx.sshd.sh(`cat ${c.outputDir}/console.log 2>/dev/null || true`)), 20_000);
  await requestStop({ runId: c.id, kind: "KILL", userId: null });
  assert.equal(await killRun({ runId: c.id }), "verified");
  await assert.rejects(resumeRun({ runId: c.id, userId: null, checkpoint: "checkpoint-999999" }), /does not exist|nothing to resume/);
});

test("supervisor marks a run FAILED when its process vanished without an exit code", async () => {
  const { runId } = await launch("vanishes", [1], ["num_train_epochs=50"]);
  assert.equal(await launchRun({ runId }), "started");
  const r = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  fx.sshd.sh(`kill -s KILL -- -${r.remotePgid}`);
  const done = await waitFor("FAILED", async () => {
    await superviseHost({ hostId: fx.hostId });
    const x = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    return x.status === "FAILED" ? x : null;
  });
  assert.equal(done.exitCode, null);
  assert.match(done.errorExcerpt ?? "", /without writing an exit code/);
});

test("a stop that arrives while the launch is still STARTING blocks the launch on the host: nothing ever runs", async () => {
  const { runId } = await launch("stopped early in launch", [2]);
  assert.ok((await dispatchHost({ hostId: fx.hostId })).includes(runId));
  await requestStop({ runId, kind: "KILL", userId: null });
  assert.equal(await killRun({ runId }), "no-process");
  assert.equal(await launchRun({ runId }), "skipped");
  const r = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(r.status, "CANCELLED");
  assert.equal(fx.sshd.sh(`test -e ${r.outputDir}/ffloor.pid && echo started || echo never`).trim(), "never");
  assert.equal(await prisma.gpuLease.count({ where: { runId } }), 0);
});
