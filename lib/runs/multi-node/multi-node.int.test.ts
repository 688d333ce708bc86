// Multi-node runs over two real sshd sandbox hosts: every node gets its torchrun variables and its own
// folder, rank 0's log is the run's, a node that dies mid-run fails the run and leaves nothing behind,
// a kill stops every node with ps as proof, and a taken master port refuses the launch by field.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { launchRun } from "@/lib/runs/launch-run";
import { superviseHost } from "@/lib/runs/supervise-host";
import { requestStop } from "@/lib/runs/request-stop";
import { killRun } from "@/lib/runs/kill-run";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeQueues } from "@/lib/queue/enqueue";
import { AppError } from "@/lib/errors";
import { freePort, setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";

let a: TRunFixture;
let b: TRunFixture;
before(async () => {
  [a, b] = await Promise.all([
    setupRunFixture({ port: 22431, gpus: 1, stepSeconds: 0.03, tag: "mn-a" }),
    setupRunFixture({ port: 22432, gpus: 1, stepSeconds: 0.03, tag: "mn-b" }),
  ]);
  // The second node's profile carries LF's old RANK variable: the launch must not pass it on.
  const p = await prisma.hostProfile.findFirstOrThrow({ where: { hostId: b.hostId }, orderBy: { version: "desc" } });
  await prisma.hostProfile.update({ where: { id: p.id }, data: { envVars: { RANK: "0", HF_HUB_OFFLINE: "1" } } });
});
after(async () => {
  await closeAllHostConnections();
  await prisma.run.deleteMany({ where: { hostId: { in: [a.hostId, b.hostId] } } });
  await a.cleanup();
  await b.cleanup();
  await closeQueues();
  await prisma.$disconnect();
});

const launch = async (name: string, extra: Partial<Parameters<typeof createRun>[0]> = {}) =>
  createRun({ presetVersionId: a.presetVersionId, hostId: a.hostId, gpuIndices: [0], nodes: [{ hostId: b.hostId, gpuIndices: [0] }], masterPort: await freePort(), name, userId: null, ...extra });

const nodesOf = (runId: string) => prisma.runNode.findMany({ where: { runId }, orderBy: { rank: "asc" } });
const alive = (fx: TRunFixture, pgid: number) => Number(fx.sshd.sh(`ps -eo pgid=,stat= | awk -v g=${pgid} '$1==g && $2 !~ /^Z/' | wc -l`).trim());
const envOf = (fx: TRunFixture, pid: number) =>
  Object.fromEntries(fx.sshd.sh(`tr '\\0' '\\n' < /proc/${pid}/environ`).split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
const logLines = (dir: string) => Number(a.sshd.sh(`cat ${dir}/trainer_log.jsonl 2>/dev/null | wc -l`).trim());

async function superviseUntil(runId: string, statuses: string[], timeoutMs = 90_000) {
  return waitFor(`run ${runId} to reach ${statuses.join("/")}`, async () => {
    await superviseHost({ hostId: a.hostId });
    const r = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    return statuses.includes(r.status) ? r : null;
  }, timeoutMs, 300);
}

test("a 2-node run: per-node torchrun variables and folders, rank 0's log, SUCCEEDED once both exit 0", async () => {
  const { runId } = await launch("two nodes", { overrides: "num_train_epochs=1" });
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  const nodes = await nodesOf(runId);
  assert.deepEqual(nodes.map((n) => [n.rank, n.hostId]), [[0, a.hostId], [1, b.hostId]]);
  assert.equal(nodes[0]!.outputDir, run.outputDir);
  assert.ok(nodes[1]!.outputDir.startsWith(b.sshd.home), nodes[1]!.outputDir);
  assert.equal(run.masterAddr, "127.0.0.1");
  assert.equal(await launchRun({ runId }), "started");
  // GPUs are leased on both hosts while it runs.
  assert.deepEqual((await prisma.gpuLease.findMany({ where: { runId }, orderBy: { hostId: "asc" } })).map((l) => l.hostId).sort(), [a.hostId, b.hostId].sort());
  const [n0, n1] = await nodesOf(runId);
  assert.ok(n0!.remotePgid && n1!.remotePgid, "both nodes recorded their process group");
  const e0 = envOf(a, n0!.remotePgid!);
  const e1 = envOf(b, n1!.remotePgid!);
  for (const [e, rank] of [[e0, "0"], [e1, "1"]] as const) {
    assert.equal(e.NNODES, "2");
    assert.equal(e.NODE_RANK, rank);
    assert.equal(e.MASTER_ADDR, "127.0.0.1");
    assert.equal(e.MASTER_PORT, String(run.masterPort));
    assert.equal(e.FORCE_TORCHRUN, "1");
  }
  // Node 1's profile had RANK=0: not passed (torch would read it as the process rank); the event log says so.
  const boot = b.sshd.sh(`cat ${n1!.outputDir}/config.yaml`);
  assert.match(boot, new RegExp(`^output_dir: ${n1!.outputDir}$`, "m"));
  const events = await prisma.runEvent.findMany({ where: { runId }, orderBy: { id: "asc" } });
  assert.ok(events.some((ev) => /profile sets RANK: not passed/.test(ev.message)), events.map((ev) => ev.message).join("\n"));
  assert.ok(events.some((ev) => ev.type === "STARTED" && /Started on 2 nodes: node 0 .*node 1 /.test(ev.message)));
  await waitFor("node 1's environment to reach the worker", async () => (b.sshd.sh(`cat ${n1!.outputDir}/console.log 2>/dev/null`).match(/Process rank: 1, world size: 2/) ? true : null), 20_000);
  assert.ok(!("RANK" in e1) || e1.RANK !== "0", "RANK=0 from the profile never reached node 1's wrapper");
  const done = await superviseUntil(runId, ["SUCCEEDED", "FAILED"]);
  assert.equal(done.status, "SUCCEEDED", done.errorExcerpt ?? "");
  assert.ok(logLines(run.outputDir) > 3, "rank 0 wrote the trainer log");
  assert.equal(b.sshd.sh(`test -e ${n1!.outputDir}/trainer_log.jsonl && echo y || echo n`).trim(), "n", "only global rank 0 writes the log");
  assert.equal(await prisma.gpuLease.count({ where: { runId } }), 0, "leases released on both hosts");
  assert.deepEqual((await nodesOf(runId)).map((n) => n.exitCode), [0, 0]);
});

test("node 1 dies mid-run (its group SIGKILLed): the run fails naming node 1, and no process is left on either node", async () => {
  const { runId } = await launch("node dies");
  assert.equal(await launchRun({ runId }), "started");
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  await waitFor("rank 0's first steps", async () => logLines(run.outputDir) >= 2, 30_000);
  const [n0, n1] = await nodesOf(runId);
  b.sshd.sh(`kill -s KILL -- -${n1!.remotePgid}`);
  const t0 = Date.now();
  const done = await superviseUntil(runId, ["FAILED", "SUCCEEDED"], 40_000);
  assert.equal(done.status, "FAILED");
  const events = await prisma.runEvent.findMany({ where: { runId }, orderBy: { id: "asc" } });
  const msg = events.filter((e) => e.type === "STATUS_CHANGED").at(-1)!.message;
  assert.match(msg, /node 1 \(.*mn-b.*\) is gone without an exit code/, msg);
  console.log(`# node 1 killed → run FAILED in ${Date.now() - t0} ms; events: ${events.slice(-4).map((e) => e.message).join(" | ")}`);
  assert.equal(alive(a, n0!.remotePgid!), 0, "rank 0's processes are gone");
  assert.equal(alive(b, n1!.remotePgid!), 0);
  assert.equal(await prisma.gpuLease.count({ where: { runId } }), 0);
});

test("a kill stops every node's process group, proven with ps on each", async () => {
  const { runId } = await launch("killed", { overrides: "num_train_epochs=3" });
  assert.equal(await launchRun({ runId }), "started");
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
  await waitFor("rank 0's first steps", async () => logLines(run.outputDir) >= 2, 30_000);
  await requestStop({ runId, kind: "KILL", userId: null });
  assert.equal(await killRun({ runId }), "verified");
  const [n0, n1] = await nodesOf(runId);
  assert.equal(alive(a, n0!.remotePgid!), 0);
  assert.equal(alive(b, n1!.remotePgid!), 0);
  const v = await prisma.runEvent.findFirstOrThrow({ where: { runId, type: "KILL_VERIFIED" } });
  assert.match(v.message, /No process of the run is left on any of its 2 nodes \(.*mn-a.* group \d+, .*mn-b.* group \d+\) \(verified with ps on every node/, v.message);
  assert.equal((await prisma.run.findUniqueOrThrow({ where: { id: runId } })).status, "KILLED");
});

test("refused by field before anything is queued: a taken master port, unequal GPU counts, a node twice", async () => {
  const port = await freePort();
  a.sshd.sh(`nohup python3 -c 'import socket,time; s=socket.socket(); s.bind(("0.0.0.0",${port})); s.listen(); time.sleep(20)' >/dev/null 2>&1 & sleep 0.5`);
  const before = await prisma.run.count();
  const refusal = async (p: Promise<unknown>) => { try { await p; } catch (e) { if (e instanceof AppError) return e; throw e; } assert.fail("not refused"); };
  const e1 = await refusal(launch("port taken", { masterPort: port }));
  assert.equal(e1.field, "masterPort");
  assert.match(e1.message, new RegExp(`port ${port} is already in use on .*mn-a`));
  const e2 = await refusal(createRun({ presetVersionId: a.presetVersionId, hostId: a.hostId, gpuIndices: [0], nodes: [{ hostId: b.hostId, gpuIndices: [0, 1] }], name: "uneven", userId: null }));
  assert.equal(e2.field, "nodes.0.gpuIndices");
  const e3 = await refusal(createRun({ presetVersionId: a.presetVersionId, hostId: a.hostId, gpuIndices: [0], nodes: [{ hostId: a.hostId, gpuIndices: [0] }], name: "twice", userId: null }));
  assert.equal(e3.field, "nodes.0.hostId");
  assert.match(e2.message, /has no GPU 1.*same GPU count as node 0/);
  assert.equal(await prisma.run.count(), before, "no run was created");
});
