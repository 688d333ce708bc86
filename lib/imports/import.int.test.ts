// Import against a real sshd: a real saves/ history imports into IMPORTED runs with curves, verdicts
// and final metrics; importing it again adds nothing; an import whose worker is SIGKILLed mid-way is
// finished by the next worker with every line exactly once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { prisma } from "@/lib/db";
import { createHost } from "@/lib/hosts/create-host";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { waitFor } from "@/lib/runs/testing/run-fixtures";
import { startImport } from "./start-import";
import { runImport } from "./run-import";
import { getImport } from "./list-imports";
import { writeSyntheticSaves } from "./testing/synthetic-saves";
import { sigkill, startWorkerProcess } from "@/lib/runs/testing/worker-process";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SAVES = path.join(ROOT, "scripts/sandbox/lf-saves/saves");
let sshd: TThrowawaySshd;
let hostId = "";
let worker: ChildProcess | null = null;

before(async () => {
  sshd = startThrowawaySshd({ port: 22461, sim: { gpus: 1, stepSeconds: 0.05 } });
  hostId = (await createHost({ name: `h13-import-${process.pid}`, address: sshd.address, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, userId: null })).id;
  execFileSync("cp", ["-r", SAVES, path.join(sshd.home, "saves")]);
  execFileSync("chown", ["-R", `${sshd.username}:`, path.join(sshd.home, "saves")]);
});

after(async () => {
  await killWorker();
  await closeAllHostConnections();
  sshd.stop();
  await prisma.run.deleteMany({ where: { hostId } });
  await prisma.host.delete({ where: { id: hostId } });
  await closeQueues();
  await prisma.$disconnect();
});

async function importNow(p: string) {
  const { importId } = await startImport({ hostId, path: p, userId: null });
  assert.equal(await runImport({ importId }), "done");
  return (await getImport(importId))!;
}

test("a real saves/ history imports once: runs, curves, verdicts, config snapshots; a second import adds nothing", { timeout: 120_000 }, async () => {
  const first = await importNow("~/saves");
  assert.equal(first.status, "SUCCEEDED", first.error ?? "");
  assert.equal(first.dirsFound, 13);
  assert.equal(first.runsCreated, 13);
  assert.equal(first.progress, 1);
  assert.equal(first.resolvedRoot, path.join(sshd.home, "saves"));
  const runs = await prisma.run.findMany({ where: { hostId }, orderBy: { outputDir: "asc" } });
  assert.equal(runs.length, 13);
  for (const r of runs) {
    assert.equal(r.status, "IMPORTED");
    assert.equal(r.origin, "IMPORTED");
    assert.ok(r.finalMetrics !== null, `${r.name} has final metrics`);
  }
  const healthy = runs.find((r) => r.name === "llama-byte-10m/full/dev-healthy")!;
  const lines = execFileSync("wc", ["-l", path.join(SAVES, "llama-byte-10m/full/dev-healthy/trainer_log.jsonl")], { encoding: "utf8" });
  const pts = await metricsPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_points WHERE "runId"=$1`, [healthy.id]);
  assert.equal(pts.rows[0]!.n, Number(lines.trim().split(" ")[0]));
  assert.ok(healthy.verdict, "healthy run has a verdict");
  assert.equal((healthy.finalMetrics as { allResults: Record<string, unknown> | null }).allResults !== null, true);
  assert.ok(healthy.lastStep && healthy.totalSteps && healthy.lastStep === healthy.totalSteps);
  assert.match(healthy.configYaml, /no training_args\.yaml/);
  assert.match(healthy.configYaml, /logging_steps:/);
  const nan = runs.find((r) => r.name.endsWith("dev-nan"))!;
  assert.equal(nan.verdict, "failed", "a NaN run is judged failed");
  const linxiang = runs.find((r) => r.name.startsWith("Qwen2.5-7B-Instruct/"))!;
  assert.match(linxiang.configYaml, /learning_rate: 1\.0e-4|learning_rate:/);
  assert.match(linxiang.configYaml, /# Imported from .*training_args\.yaml/);

  const before = await metricsPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_points WHERE "runId" = ANY($1)`, [runs.map((r) => r.id)]);
  const second = await importNow("saves"); // relative = from the login home: the same folder
  assert.equal(second.status, "SUCCEEDED");
  assert.equal(second.dirsFound, 13);
  assert.equal(second.runsCreated, 0);
  const again = await prisma.run.findMany({ where: { hostId }, orderBy: { outputDir: "asc" }, select: { id: true, logOffset: true, verdict: true } });
  assert.deepEqual(again, runs.map((r) => ({ id: r.id, logOffset: r.logOffset, verdict: r.verdict })));
  const afterN = await metricsPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_points WHERE "runId" = ANY($1)`, [runs.map((r) => r.id)]);
  assert.equal(afterN.rows[0]!.n, before.rows[0]!.n);

  // One output dir pointed at directly is one run, and it is the one already imported.
  const one = await importNow("~/saves/llama-byte-10m/full/dev-healthy");
  assert.equal(one.dirsFound, 1);
  assert.equal(one.runsCreated, 0);
  const missing = await importNow("~/no-such-folder");
  assert.equal(missing.status, "FAILED");
  assert.match(missing.error!, /does not exist/);
});

test("bad input is refused with the field named; no job row is written", async () => {
  const n = await prisma.importJob.count();
  await assert.rejects(startImport({ hostId, path: "  ", userId: null }), (e: Error & { field?: string }) => e.field === "path");
  await assert.rejects(startImport({ hostId, path: "a\nb", userId: null }), (e: Error & { field?: string }) => e.field === "path");
  await assert.rejects(startImport({ hostId: "nope", path: "saves", userId: null }), (e: Error & { field?: string }) => e.field === "hostId");
  assert.equal(await prisma.importJob.count(), n);
});

function startWorker(): Promise<ChildProcess> {
  return startWorkerProcess({ log: `/tmp/ffh13-import-worker-${process.pid}.log`, onSpawn: (c) => { worker = c; } });
}
async function killWorker(): Promise<void> {
  const w = worker;
  worker = null;
  await sigkill(w);
}

test("SIGKILL the worker mid-import: the next worker finishes it, every line stored exactly once", { timeout: 180_000 }, async () => {
  const big = writeSyntheticSaves(path.join(sshd.home, "big"), { runs: 8, linesPerRun: 30_000 });
  execFileSync("chown", ["-R", `${sshd.username}:`, path.join(sshd.home, "big")]);
  await startWorker();
  const { importId } = await startImport({ hostId, path: "big", userId: null });
  const mid = await waitFor("the import to be part-way", async () => {
    const j = await getImport(importId);
    return j && j.linesDone > big.lines * 0.15 && j.status === "RUNNING" ? j : null;
  }, 60_000, 50);
  assert.ok(mid.linesDone < big.lines);
  await killWorker();
  const frozen = (await getImport(importId))!;
  assert.equal(frozen.status, "RUNNING");
  await startWorker();
  const done = await waitFor("the import to finish after the restart", async () => {
    const j = await getImport(importId);
    return j && j.status !== "RUNNING" && j.status !== "QUEUED" ? j : null;
  }, 120_000, 250);
  assert.equal(done.status, "SUCCEEDED", done.error ?? "");
  assert.equal(done.runsCreated, 8);
  assert.equal(done.linesDone, big.lines);
  assert.equal(done.bytesDone, big.bytes);
  const runs = await prisma.run.findMany({ where: { importJobId: importId }, select: { id: true, logOffset: true, finalMetrics: true } });
  assert.equal(runs.length, 8);
  for (const r of runs) {
    assert.equal(Number(r.logOffset), big.bytes / 8);
    assert.ok(r.finalMetrics !== null);
  }
  const n = await metricsPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_points WHERE "runId" = ANY($1)`, [runs.map((r) => r.id)]);
  assert.equal(n.rows[0]!.n, big.lines);
  await killWorker();
});
