// kill -9 the real worker (npm run worker) again and again while it drives a sweep, with a Redis flush
// in between: every trial gets exactly one run, each run's trainer is started exactly once, never more
// than `concurrency` trials are live at once, and the sweep finishes after the last restart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { openSync, writeSync } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { closeQueues } from "@/lib/queue/enqueue";
import { queuePrefix } from "@/lib/queue/connection";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { createHost } from "@/lib/hosts/create-host";
import { startThrowawaySshd, simulatorBin, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { SIM_YAML, waitFor } from "@/lib/runs/testing/run-fixtures";
import { createSweep } from "@/lib/sweeps/create-sweep";
import { getSweep } from "@/lib/sweeps/get-sweep";

const ROOT = path.resolve(import.meta.dirname, "../..");
let sshd: TThrowawaySshd;
let hostId = "";
let presetId = "";
let presetVersionId = "";
let worker: ChildProcess | null = null;

function startWorker(): Promise<ChildProcess> {
  const out = openSync(`/tmp/ffsweep-worker-${process.pid}.log`, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: ROOT, env: { ...process.env, WORKER_CONCURRENCY: "4" }, stdio: ["ignore", "pipe", out] });
  worker = child;
  return new Promise((resolve, reject) => {
    child.once("exit", (c) => reject(new Error(`worker exited early (${c})`)));
    child.stdout!.on("data", (d: Buffer) => {
      writeSync(out, d);
      if (d.toString().includes('"worker started"')) resolve(child);
    });
  });
}
async function killWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (!w || w.exitCode !== null) return;
  w.removeAllListeners("exit");
  const gone = new Promise((r) => w.once("exit", r));
  w.kill("SIGKILL");
  await gone;
}
function flushQueues(): void {
  const keys = execFileSync("redis-cli", ["-u", env().REDIS_URL, "--scan", "--pattern", `${queuePrefix()}:*`], { encoding: "utf8" }).split("\n").filter(Boolean);
  if (keys.length) execFileSync("redis-cli", ["-u", env().REDIS_URL, "del", ...keys]);
}

before(async () => {
  const bin = simulatorBin();
  bin["llamafactory-cli"] = bin["llamafactory-cli"]!.replace("exec node", 'echo "$*" >> "$HOME/launches.log"\nexec node');
  sshd = startThrowawaySshd({ port: 22361, sim: { gpus: 2, stepSeconds: 0.03 }, bin });
  const name = `sweep-crash-${process.pid}`;
  hostId = (await createHost({ name, address: sshd.address, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, userId: null },
    {}, { profile: { activation: "", lfDir: "~/LLaMA-Factory", runsDir: "~/ffloor-runs" } })).id;
  const preset = await prisma.preset.create({ data: { name: `${name}-preset`, versions: { create: { version: 1, yaml: SIM_YAML } } }, include: { versions: true } });
  presetId = preset.id;
  presetVersionId = preset.versions[0]!.id;
});

after(async () => {
  await killWorker();
  sshd.stop();
  await prisma.sweep.deleteMany({ where: { presetVersionId } });
  await prisma.run.deleteMany({ where: { hostId } });
  await prisma.host.delete({ where: { id: hostId } });
  await prisma.preset.delete({ where: { id: presetId } });
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

test("SIGKILL the worker mid-sweep, repeatedly: no trial launched twice, none lost, concurrency held", { timeout: 300_000 }, async () => {
  const { sweepId, trials } = await createSweep({
    presetVersionId, name: "crash sweep", userId: null,
    spec: {
      method: "random", seed: 7, budget: 6, concurrency: 2,
      space: { learning_rate: { type: "log", min: 5e-5, max: 3e-4 } },
      fixed: { num_train_epochs: 1, max_samples: 160 },
      stopper: { type: "none" },
      targets: [{ hostId, gpuIndices: [0] }, { hostId, gpuIndices: [1] }],
    },
  });
  assert.equal(trials, 6);

  // Watch the live count all along: a trial launched twice or a lost lease would push it over 2.
  let maxLive = 0, watching = true;
  const watch = (async () => {
    while (watching) {
      const n = await prisma.sweepTrial.count({ where: { sweepId, run: { status: { in: ["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"] } } } });
      maxLive = Math.max(maxLive, n);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  let seed = 11;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const launchedAt: number[] = [];
  for (let round = 0; round < 7; round++) {
    await startWorker();
    await new Promise((r) => setTimeout(r, 1500 + rnd() * 5000));
    await killWorker();
    launchedAt.push(await prisma.sweepTrial.count({ where: { sweepId, status: "LAUNCHED" } }));
    if (round === 2) flushQueues();
  }
  console.log(`# trials launched after each kill: ${launchedAt.join(", ")}`);
  // The kills must have landed mid-sweep, not after it ended.
  assert.ok(launchedAt[0]! < 6, `the first kill came after every trial had launched (${launchedAt[0]})`);

  await startWorker();
  const done = await waitFor("the sweep to finish", async () => {
    const s = await prisma.sweep.findUniqueOrThrow({ where: { id: sweepId } });
    return s.status === "FINISHED" ? s : null;
  }, 200_000, 500);
  watching = false;
  await watch;
  assert.equal(done.status, "FINISHED");

  const view = await getSweep(sweepId);
  assert.deepEqual(view.trials.map((t) => t.status), Array(6).fill("LAUNCHED"));
  assert.deepEqual(view.trials.map((t) => t.runStatus), Array(6).fill("SUCCEEDED"), view.trials.map((t) => `${t.index + 1}: ${t.runStatus} ${t.stopReason ?? ""}`).join("\n"));
  // One run per trial and no stray run of this preset version.
  assert.equal(new Set(view.trials.map((t) => t.runId)).size, 6);
  assert.equal(await prisma.run.count({ where: { presetVersionId } }), 6);
  const runs = await prisma.run.findMany({ where: { presetVersionId }, select: { id: true, outputDir: true, overrides: true, name: true } });
  const launches = sshd.sh("cat $HOME/launches.log").trim().split("\n");
  for (const r of runs) assert.equal(launches.filter((l) => l.includes(`${r.outputDir}/config.yaml`)).length, 1, `${r.name} started more than once`);
  // Each run has its trial's values (the seeded draw), and the fixed keys.
  for (const t of view.trials) {
    const r = runs.find((x) => x.id === t.runId)!;
    assert.deepEqual(r.overrides, { num_train_epochs: 1, max_samples: 160, learning_rate: t.params.learning_rate });
    assert.equal(r.name, `crash sweep-t${t.index + 1}`);
  }
  assert.ok(maxLive <= 2, `up to ${maxLive} trials were live at once (cap 2)`);
  assert.ok(maxLive === 2, "the cap was used");
  assert.equal(await prisma.gpuLease.count({ where: { hostId } }), 0);
});
