// Host leases against the real Postgres: concurrent claimers never share a host, the fair share
// splits the hosts, an expired lease changes hands with a new epoch, and a worker holding the old
// epoch is refused on every fenced write (trainer log and console ingest, status transitions).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db";
import { claimLeases, leaseTick, releaseLeases, renewLeases } from "@/lib/fleet/host-leases";
import type { TLeaseFence } from "@/lib/fleet/fence";
import { ingestTrainerLogChunk } from "@/lib/runs/ingest-trainer-log";
import { ingestConsoleChunk } from "@/lib/runs/ingest-console";
import { finishRun } from "@/lib/runs/finish-run";
import { initialParserState } from "@/lib/logs/parse-trainer-log";
import { initialConsoleState } from "@/lib/logs/parse-console";
import { closeMetricsPool, metricsPool } from "@/lib/metrics/store/pg-pool";

const tag = `lease-int-${process.pid}`;
const db = metricsPool();
const hostIds: string[] = [];
const workerIds: string[] = [];
const archivedForTest: string[] = [];

async function worker(): Promise<string> {
  const id = randomUUID();
  await prisma.$executeRaw`INSERT INTO worker_heartbeats (id, hostname, pid, "startedAt", "lastBeatAt")
    VALUES (${id}, ${tag}, ${process.pid}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`;
  workerIds.push(id);
  return id;
}

async function hosts(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = await prisma.host.create({ data: { name: `${tag}-${hostIds.length}`, address: "127.0.0.1", port: 1, username: "nobody",
      privateKeyEnc: "unused", hostKeyFingerprint: "SHA256:unused" } });
    hostIds.push(h.id);
    out.push(h.id);
  }
  return out;
}

after(async () => {
  await prisma.host.updateMany({ where: { id: { in: archivedForTest } }, data: { archived: false } });
  await prisma.run.deleteMany({ where: { hostId: { in: hostIds } } });
  await prisma.host.deleteMany({ where: { id: { in: hostIds } } });
  await prisma.workerHeartbeat.deleteMany({ where: { id: { in: workerIds } } });
  await closeMetricsPool();
  await prisma.$disconnect();
});

test("workers claiming at once never share a host, and the fair share splits 30 hosts 10/10/10", async () => {
  // Only this test's hosts count for the share: other live hosts are archived for the test, restored after.
  const others = await prisma.host.findMany({ where: { archived: false, id: { notIn: hostIds } }, select: { id: true } });
  archivedForTest.push(...others.map((h) => h.id));
  await prisma.host.updateMany({ where: { id: { in: archivedForTest } }, data: { archived: true } });
  const hs = await hosts(30);
  const ws = [await worker(), await worker(), await worker()];
  // All three at once, each asking for every host: Postgres decides, no host twice.
  const got = await Promise.all(ws.map((w) => claimLeases(db, w, 30, 60_000)));
  const all = got.flat().map((l) => l.hostId);
  assert.equal(new Set(all).size, all.length, "a host was claimed by two workers");
  assert.equal(all.length, 30);
  await releaseLeases(db, ws[0]!);
  await releaseLeases(db, ws[1]!);
  await releaseLeases(db, ws[2]!);
  // Ticks in turn (as the keepers do) reach an even split.
  for (let round = 0; round < 4; round++) for (const w of ws) await leaseTick(db, { workerId: w, ttlMs: 60_000, ignoreWorkers: [] });
  const rows = await prisma.hostLease.groupBy({ by: ["workerId"], where: { hostId: { in: hs }, expiresAt: { gt: new Date() } }, _count: true });
  assert.deepEqual(rows.map((r) => r._count).sort(), [10, 10, 10]);
  for (const w of ws) await releaseLeases(db, w);
});

test("an expired lease changes hands with a new epoch; the old holder's writes are refused", async () => {
  const hostId = (await hosts(1))[0]!;
  const [a, b] = [await worker(), await worker()];
  const [la] = (await claimLeases(db, a, 100, 60_000)).filter((l) => l.hostId === hostId);
  assert.ok(la, "worker a got the host");
  // While a's lease is valid, b cannot take it.
  assert.equal((await claimLeases(db, b, 100, 60_000)).filter((l) => l.hostId === hostId).length, 0);
  // a is paused past its lease: it expires, b takes the host.
  await prisma.$executeRaw`UPDATE host_leases SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE "hostId" = ${hostId}`;
  const [lb] = (await claimLeases(db, b, 100, 60_000)).filter((l) => l.hostId === hostId);
  assert.ok(lb, "worker b took the expired host");
  assert.equal(lb.epoch, la.epoch + 1n);
  // a wakes up: its renewal does not bring the host back.
  assert.equal((await renewLeases(db, a, 60_000)).filter((l) => l.hostId === hostId).length, 0);

  const run = await prisma.run.create({ data: { name: `${tag}-run`, hostId, gpuIndices: [0], configYaml: "", outputDir: "/nonexistent", status: "RUNNING", startedAt: new Date() } });
  const stale: TLeaseFence = { hostId, workerId: a, epoch: la.epoch };
  const fresh: TLeaseFence = { hostId, workerId: b, epoch: lb.epoch };
  const line = Buffer.from(JSON.stringify({ current_steps: 1, total_steps: 10, loss: 2.5, lr: 1e-4, epoch: 0.1, percentage: 10, elapsed_time: "0:00:01", remaining_time: "0:00:09" }) + "\n");

  const s1 = await ingestTrainerLogChunk({ runId: run.id, chunk: line, baseOffset: 0, state: initialParserState(), fence: stale });
  assert.equal(s1.applied, false);
  assert.equal(s1.fenced, true);
  const c1 = await ingestConsoleChunk({ runId: run.id, chunk: Buffer.from("{'loss': 2.5}\n"), baseOffset: 0, state: initialConsoleState(), fence: stale });
  assert.equal(c1.applied, false);
  assert.equal(await finishRun({ runId: run.id, status: "FAILED", message: "stale", from: ["RUNNING"], fence: stale }), false);
  let row = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
  assert.equal(row.status, "RUNNING");
  assert.equal(Number(row.logOffset), 0);
  assert.equal(Number(row.consoleOffset), 0);
  assert.equal(await prisma.metricPoint.count({ where: { runId: run.id } }), 0);
  assert.equal(await prisma.consoleChunk.count({ where: { runId: run.id } }), 0);

  // The holder of the current epoch writes.
  const s2 = await ingestTrainerLogChunk({ runId: run.id, chunk: line, baseOffset: 0, state: initialParserState(), fence: fresh });
  assert.equal(s2.applied, true);
  assert.equal((await ingestConsoleChunk({ runId: run.id, chunk: Buffer.from("{'loss': 2.5}\n"), baseOffset: 0, state: initialConsoleState(), fence: fresh })).applied, true);
  assert.equal(await finishRun({ runId: run.id, status: "SUCCEEDED", message: "done", exitCode: 0, from: ["RUNNING"], fence: fresh }), true);
  row = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
  assert.equal(row.status, "SUCCEEDED");
  assert.equal(Number(row.logOffset), line.length);
  assert.equal(await prisma.metricPoint.count({ where: { runId: run.id } }), 1);
});

test("a fenced write in flight: the holder's renewal does not wait for it, a takeover leaves the host until it committed", async () => {
  const hostId = (await hosts(1))[0]!;
  const [a, b] = [await worker(), await worker()];
  const [la] = (await claimLeases(db, a, 100, 60_000)).filter((l) => l.hostId === hostId);
  assert.ok(la);
  await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM host_leases WHERE "hostId"=${hostId} AND "workerId"=${a} AND epoch=${la.epoch} FOR KEY SHARE`;
    assert.equal(rows.length, 1);
    // The holder renews while its own write is in flight: no wait (a convoy of every ingest behind it otherwise).
    const t0 = performance.now();
    assert.ok((await renewLeases(db, a, 60_000)).some((l) => l.hostId === hostId));
    assert.ok(performance.now() - t0 < 2_000, "the renewal waited for a fenced write");
    // The lease lapses while the write is still in flight: b's claim skips the host instead of taking it mid-write.
    await db.query(`UPDATE host_leases SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE "hostId" = $1`, [hostId]);
    assert.equal((await claimLeases(db, b, 100, 60_000)).filter((l) => l.hostId === hostId).length, 0);
  }, { timeout: 10_000 });
  // Committed: now b takes it, under the next epoch.
  const [lb] = (await claimLeases(db, b, 100, 60_000)).filter((l) => l.hostId === hostId);
  assert.ok(lb, "b took the host once the write committed");
  assert.equal(lb.epoch, la.epoch + 1n);
  const lease = await prisma.hostLease.findUniqueOrThrow({ where: { hostId } });
  assert.equal(lease.workerId, b);
});
