// The real worker process (npm run worker) writes a heartbeat row; after a SIGKILL it goes silent and
// the dashboard's banner condition turns true once the stale window has passed (not before). A
// worker stopped with SIGTERM marks its row stopped, so the banner says so at once.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { prisma } from "@/lib/db";
import { readWorkerHealth } from "@/lib/worker-health/read-worker-health";
import { workerDownMessage } from "@/lib/worker-health/get-worker-health";
import { waitFor } from "@/lib/runs/testing/run-fixtures";

const ROOT = path.resolve(import.meta.dirname, "..");
const STALE_MS = 3_000;
const started: ChildProcess[] = [];

function startWorker(): Promise<ChildProcess> {
  const out = openSync(`/tmp/ff-heartbeat-worker-${process.pid}.log`, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    cwd: ROOT,
    env: { ...process.env, WORKER_HEARTBEAT_MS: "500", WORKER_CONCURRENCY: "1" },
    stdio: ["ignore", "pipe", out],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (c) => reject(new Error(`worker exited early (${c})`)));
    child.stdout!.on("data", (d: Buffer) => {
      writeSync(out, d);
      if (d.toString().includes('"worker started"')) resolve(child);
    });
  });
}

after(async () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await prisma.workerHeartbeat.deleteMany({ where: { pid: { in: started.map((c) => c.pid!) } } });
  await prisma.$disconnect();
});

test("SIGKILL the worker: its heartbeat stops and the banner condition is true after the stale window", { timeout: 60_000 }, async () => {
  await prisma.workerHeartbeat.deleteMany({});
  assert.equal(workerDownMessage(await readWorkerHealth({ staleMs: STALE_MS })), "No worker has reported yet: runs are not being launched, watched or stopped.");

  const worker = await startWorker();
  const row = await prisma.workerHeartbeat.findFirstOrThrow({ where: { pid: worker.pid! } });
  assert.equal(row.hostname, hostname());
  assert.equal(row.stoppedAt, null);
  // It keeps beating: lastBeatAt moves on while startedAt stays.
  const moved = await waitFor("a second beat", async () => {
    const r = await prisma.workerHeartbeat.findUniqueOrThrow({ where: { id: row.id } });
    return r.lastBeatAt > row.lastBeatAt ? r : null;
  }, 5_000, 100);
  assert.equal(moved.startedAt.getTime(), row.startedAt.getTime());
  assert.equal((await readWorkerHealth({ staleMs: STALE_MS })).alive, true);

  worker.removeAllListeners("exit");
  const gone = new Promise((r) => worker.once("exit", r));
  worker.kill("SIGKILL");
  await gone;
  const killedAt = Date.now();
  // Within the window the worker is still taken for alive (one late beat is no outage).
  assert.equal((await readWorkerHealth({ staleMs: STALE_MS })).alive, true);
  const down = await waitFor("the banner condition", async () => {
    const h = await readWorkerHealth({ staleMs: STALE_MS });
    return h.alive ? null : h;
  }, 10_000, 100);
  const waited = Date.now() - killedAt;
  assert.ok(waited >= STALE_MS - 600, `dead after ${waited} ms, before the ${STALE_MS} ms window`);
  assert.equal(down.stoppedCleanly, false);
  assert.match(workerDownMessage(down)!, /^No worker has reported for [2-9] s: runs are not being launched, watched or stopped\.$/);
  const last = await prisma.workerHeartbeat.findUniqueOrThrow({ where: { id: row.id } });
  assert.equal(last.stoppedAt, null, "a SIGKILLed worker cannot say goodbye");
});

test("SIGTERM: the worker marks its row stopped and the banner says it stopped", { timeout: 60_000 }, async () => {
  const worker = await startWorker();
  assert.equal((await readWorkerHealth({ staleMs: STALE_MS })).alive, true);
  worker.removeAllListeners("exit");
  const gone = new Promise((r) => worker.once("exit", r));
  worker.kill("SIGTERM");
  await gone;
  const h = await readWorkerHealth({ staleMs: STALE_MS });
  assert.equal(h.alive, false);
  assert.equal(h.stoppedCleanly, true);
  assert.match(workerDownMessage(h)!, /^The worker stopped [0-9] s ago:/);
  const row = await prisma.workerHeartbeat.findFirstOrThrow({ where: { pid: worker.pid! } });
  assert.ok(row.stoppedAt);
});
