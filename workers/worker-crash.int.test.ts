// kill -9 the real worker process (npm run worker) mid-launch and mid-run, several times, with a
// Redis flush in between: no run is launched twice, none is forgotten, and a run that ended while
// no worker was alive is picked up within 10 s of the restart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { createRun } from "@/lib/runs/create-run";
import { closeQueues } from "@/lib/queue/enqueue";
import { queuePrefix } from "@/lib/queue/connection";
import type { TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { setupLaunchCountingHost, waitFor } from "@/lib/runs/testing/run-fixtures";
import { sigkill, startWorkerProcess } from "@/lib/runs/testing/worker-process";

let sshd: TThrowawaySshd;
let hostId = "";
let presetId = "";
let presetVersionId = "";
let worker: ChildProcess | null = null;

/** Starts `workers/index.ts`; resolves once it logged "worker started" (tsx needs ~1.5 s to boot). */
function startWorker(): Promise<ChildProcess> {
  return startWorkerProcess({ log: `/tmp/ffh4-worker-${process.pid}.log`, env: { WORKER_CONCURRENCY: "4" }, onSpawn: (c) => { worker = c; } });
}
async function killWorker(): Promise<void> {
  const w = worker;
  worker = null;
  await sigkill(w);
}

before(async () => {
  ({ sshd, hostId, presetId, presetVersionId } = await setupLaunchCountingHost({ port: 22341, tag: "h4-crash" }));
});

after(async () => {
  await killWorker();
  sshd.stop();
  await prisma.run.deleteMany({ where: { hostId } });
  await prisma.host.delete({ where: { id: hostId } });
  await prisma.preset.delete({ where: { id: presetId } });
  await closeQueues();
  await prisma.$disconnect();
});

function flushQueues(): void {
  const keys = execFileSync("redis-cli", ["-u", env().REDIS_URL, "--scan", "--pattern", `${queuePrefix()}:*`], { encoding: "utf8" }).split("\n").filter(Boolean);
  if (keys.length) execFileSync("redis-cli", ["-u", env().REDIS_URL, "del", ...keys]);
}

test("kill -9 the worker repeatedly: no double launch, nothing forgotten, supervision resumes within 10 s", { timeout: 240_000 }, async () => {
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await createRun({ presetVersionId, hostId, gpuIndices: [i % 2], name: `crash ${i}`, userId: null, overrides: ["num_train_epochs=1", "max_samples=200"] });
    ids.push(r.runId);
  }
  let seed = 7;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let round = 0; round < 8; round++) {
    await startWorker();
    // Early kills land mid-launch (SSH steps take ~100-400 ms each), later ones mid-run.
    await new Promise((r) => setTimeout(r, 50 + rnd() * 1200));
    await killWorker();
    if (round === 3) flushQueues(); // Redis lost everything: Postgres must rebuild the queue
  }

  // A run that ends while no worker is alive must be noticed within 10 s of the next start.
  const running = await waitFor("a RUNNING run", async () => {
    if (!worker) await startWorker();
    return prisma.run.findFirst({ where: { id: { in: ids }, status: "RUNNING" } });
  }, 60_000);
  await killWorker();
  const dir = running.outputDir;
  await waitFor("its exit_code", async () => sshd.sh(`test -e ${dir}/exit_code && echo y || true`).trim() === "y", 60_000);
  const t0 = Date.now();
  await startWorker();
  await waitFor("the finished run to be recorded", async () => {
    const r = await prisma.run.findUniqueOrThrow({ where: { id: running.id } });
    return r.status !== "RUNNING" ? r : null;
  }, 10_000, 100);
  console.log(`# finished-while-down run recorded ${Date.now() - t0} ms after restart`);

  const final = await waitFor("every run to finish", async () => {
    const rs = await prisma.run.findMany({ where: { id: { in: ids } } });
    return rs.every((r) => ["SUCCEEDED", "FAILED", "KILLED", "CANCELLED", "STOPPED", "STOPPED_EARLY"].includes(r.status)) ? rs : null;
  }, 150_000, 500);
  assert.deepEqual(final.map((r) => r.status), ids.map(() => "SUCCEEDED"), final.map((r) => `${r.name}: ${r.status} ${r.errorExcerpt ?? ""}`).join("\n"));
  const launches = sshd.sh("cat $HOME/launches.log").trim().split("\n");
  for (const r of final) {
    const n = launches.filter((l) => l.includes(`${r.outputDir}/config.yaml`)).length;
    assert.equal(n, 1, `${r.name} was started ${n} times`);
  }
  assert.equal(await prisma.gpuLease.count({ where: { hostId } }), 0);
});
