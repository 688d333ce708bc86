// kill -9 the real worker (npm run worker) again and again while it drives a sweep, with a Redis flush
// in between: every trial gets exactly one run, each run's trainer is started exactly once, never more
// than `concurrency` trials are live at once, and the sweep finishes after the last restart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import { parse } from "yaml";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { closeQueues } from "@/lib/queue/enqueue";
import { queuePrefix } from "@/lib/queue/connection";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import type { TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";
import { setupLaunchCountingHost, waitFor } from "@/lib/runs/testing/run-fixtures";
import { createSweep } from "@/lib/sweeps/create-sweep";
import { getSweep } from "@/lib/sweeps/get-sweep";
import { promoteTrial } from "@/lib/sweeps/promote-trial";
import { cancelSweep } from "@/lib/sweeps/cancel-sweep";
import { launchAdvisedChange } from "@/lib/runs/launch-advised";
import { requestStop } from "@/lib/runs/request-stop";
import { AppError } from "@/lib/errors";
import { sigkill, startWorkerProcess } from "@/lib/runs/testing/worker-process";

let sshd: TThrowawaySshd;
let hostId = "";
let presetId = "";
let presetVersionId = "";
let worker: ChildProcess | null = null;
let finishedSweepId = "";

function startWorker(): Promise<ChildProcess> {
  return startWorkerProcess({ log: `/tmp/ffsweep-worker-${process.pid}.log`, env: { WORKER_CONCURRENCY: "4" }, onSpawn: (c) => { worker = c; } });
}
async function killWorker(): Promise<void> {
  const w = worker;
  worker = null;
  await sigkill(w);
}
function flushQueues(): void {
  const keys = execFileSync("redis-cli", ["-u", env().REDIS_URL, "--scan", "--pattern", `${queuePrefix()}:*`], { encoding: "utf8" }).split("\n").filter(Boolean);
  if (keys.length) execFileSync("redis-cli", ["-u", env().REDIS_URL, "del", ...keys]);
}

before(async () => {
  ({ sshd, hostId, presetId, presetVersionId } = await setupLaunchCountingHost({ port: 22361, tag: "sweep-crash" }));
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
      // Evaluated every 5 steps: the leaderboard and "promote best" need an eval loss.
      fixed: { num_train_epochs: 1, max_samples: 160, val_size: 0.1, eval_strategy: "steps", eval_steps: 5 },
      stopper: { type: "none" },
      targets: [{ hostId, gpuIndices: [0] }, { hostId, gpuIndices: [1] }],
    },
  });
  assert.equal(trials, 6);
  finishedSweepId = sweepId;

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
    assert.deepEqual(r.overrides, { num_train_epochs: 1, max_samples: 160, val_size: 0.1, eval_strategy: "steps", eval_steps: 5, learning_rate: t.params.learning_rate });
    assert.ok(t.evalCount > 0 && t.bestEvalLoss !== null, `trial ${t.index + 1} has eval losses`);
    assert.equal(r.name, `crash sweep-t${t.index + 1}`);
  }
  assert.ok(maxLive <= 2, `up to ${maxLive} trials were live at once (cap 2)`);
  assert.ok(maxLive === 2, "the cap was used");
  assert.equal(await prisma.gpuLease.count({ where: { hostId } }), 0);
});

test("promote the best trial: the preset's next version carries its learning_rate, audited", async () => {
  const view = await getSweep(finishedSweepId);
  const best = view.trials.find((t) => t.id === view.bestTrialId)!;
  assert.equal(best.bestEvalLoss, Math.min(...view.trials.map((t) => t.bestEvalLoss ?? Infinity)));
  const r = await promoteTrial({ sweepId: finishedSweepId, userId: null });
  assert.equal(r.version, 2);
  const v2 = await prisma.presetVersion.findUniqueOrThrow({ where: { id: r.versionId } });
  const cfg = parse(v2.yaml) as Record<string, unknown>;
  assert.equal(Number(cfg.learning_rate), best.params.learning_rate);
  assert.match(v2.yaml, /^learning_rate: \d\.\d+e-\d+$/m, "written as LF's YAML reads a float (a dot in the mantissa)");
  assert.deepEqual([cfg.num_train_epochs, cfg.max_samples, cfg.eval_steps], [1, 160, 5]);
  assert.match(v2.yaml, /^### train$/m, "comments kept");
  assert.equal((await getSweep(finishedSweepId)).promoted?.version, 2);
  assert.equal(await prisma.auditEvent.count({ where: { action: "sweep.promote", targetId: finishedSweepId } }), 1);
  assert.equal(await prisma.auditEvent.count({ where: { action: "preset.save", targetId: presetId } }), 1);
});

test("try the advised change: a diverged trial's child run has lr ÷3, its parent linked, audited", async () => {
  const view = await getSweep(finishedSweepId);
  const t = view.trials[0]!;
  // The verdict is the rules' input here; the simulator's healthy lr would not diverge.
  await prisma.run.update({ where: { id: t.runId! }, data: { verdict: "diverged" } });
  await assert.rejects(launchAdvisedChange({ runId: t.runId!, changeId: "more-epochs", userId: null }), (e: unknown) => e instanceof AppError && e.field === "changeId");
  const r = await launchAdvisedChange({ runId: t.runId!, changeId: "lower-lr", userId: null });
  const child = await prisma.run.findUniqueOrThrow({ where: { id: r.runId } });
  assert.equal(child.parentRunId, t.runId);
  const lr = Number(t.params.learning_rate);
  assert.deepEqual(child.overrides, { num_train_epochs: 1, max_samples: 160, val_size: 0.1, eval_strategy: "steps", eval_steps: 5, learning_rate: Number((lr / 3).toPrecision(3)) });
  assert.deepEqual(child.gpuIndices, (await prisma.run.findUniqueOrThrow({ where: { id: t.runId! } })).gpuIndices);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "run.launch", targetId: r.runId } });
  assert.equal((audit.data as { advisedChange?: string }).advisedChange, "lower-lr");
  await requestStop({ runId: r.runId, userId: null, kind: "KILL" });
});

test("cancel mid-sweep: pending trials skipped, the live one gets a graceful stop, the sweep ends CANCELLED", { timeout: 120_000 }, async () => {
  const { sweepId } = await createSweep({
    presetVersionId, name: "cancel sweep", userId: null,
    spec: { method: "grid", budget: 3, concurrency: 1, space: { lora_rank: { type: "list", values: [4, 8, 16] } },
      fixed: { num_train_epochs: 3, max_samples: 800 }, targets: [{ hostId, gpuIndices: [0] }] },
  });
  if (!worker) await startWorker();
  const first = await waitFor("trial 1 running", async () => prisma.sweepTrial.findFirst({ where: { sweepId, index: 0, run: { status: "RUNNING" } } }), 60_000);
  assert.deepEqual(await cancelSweep({ sweepId, userId: null }), { sweepId, status: "CANCELLING" });
  const done = await waitFor("CANCELLED", async () => (await prisma.sweep.findUniqueOrThrow({ where: { id: sweepId } })).status === "CANCELLED" || null, 60_000, 300);
  assert.ok(done);
  const trials = await prisma.sweepTrial.findMany({ where: { sweepId }, orderBy: { index: "asc" }, include: { run: true } });
  assert.deepEqual(trials.map((t) => t.status), ["LAUNCHED", "SKIPPED", "SKIPPED"]);
  assert.equal(trials[0]!.runId, first.runId);
  assert.equal(trials[0]!.run!.stopKind, "GRACEFUL");
  assert.equal(trials[0]!.run!.status, "STOPPED");
  await assert.rejects(cancelSweep({ sweepId, userId: null }), (e: unknown) => e instanceof AppError && e.code === "conflict");
  assert.equal(await prisma.auditEvent.count({ where: { action: "sweep.cancel", targetId: sweepId } }), 1);
});

test("a bad spec is refused before anything is written, each error naming its field", async () => {
  const before = await prisma.sweep.count();
  const fields = async (spec: unknown) => {
    try {
      await createSweep({ presetVersionId, name: "bad", userId: null, spec });
    } catch (e) {
      assert.ok(e instanceof AppError && e.code === "invalid", String(e));
      return (e.fields ?? []).map((f) => f.field);
    }
    throw new Error("accepted");
  };
  const t = [{ hostId, gpuIndices: [0] }];
  assert.deepEqual(await fields({ method: "random", budget: 2, concurrency: 1, targets: t, space: { learning_rate: { type: "log", min: 0, max: 1 } } }), ["space.learning_rate.min"]);
  assert.deepEqual(await fields({ method: "random", budget: 2, concurrency: 1, targets: [{ hostId, gpuIndices: [7] }], space: { learning_rate: { type: "log", min: 1e-5, max: 1e-4 } } }), ["targets.0.gpuIndices"]);
  // lintConfig on every trial: an unknown scheduler value and a key LF does not have, named where they were typed.
  assert.deepEqual((await fields({ method: "grid", budget: 2, concurrency: 1, targets: t, space: { lr_scheduler_type: { type: "list", values: ["cosine", "cosinee"] } }, fixed: { learnig_rate: 1e-4 } })).sort(),
    ["fixed.learnig_rate", "space.lr_scheduler_type"]);
  assert.equal(await prisma.sweep.count(), before);
});

test("ASHA on real runs: low-lr trials are stopped at a rung through the graceful early stop, with the rung's ranking", { timeout: 180_000 }, async () => {
  const { sweepId } = await createSweep({
    presetVersionId, name: "asha sweep", userId: null,
    spec: {
      method: "grid", budget: 6, concurrency: 2,
      // Two good trials first, so every later trial meets a full rung.
      space: { learning_rate: { type: "list", values: [3e-4, 2e-4, 1.5e-6, 1e-4, 2.5e-6, 3.5e-6] } },
      fixed: { num_train_epochs: 2, max_samples: 800, val_size: 0.1, eval_strategy: "steps", eval_steps: 5 },
      stopper: { type: "asha", minStep: 10, eta: 3, minTrials: 3 },
      targets: [{ hostId, gpuIndices: [0] }, { hostId, gpuIndices: [1] }],
    },
  });
  if (!worker) await startWorker();
  await waitFor("the ASHA sweep to finish", async () => (await prisma.sweep.findUniqueOrThrow({ where: { id: sweepId } })).status === "FINISHED" || null, 170_000, 500);
  const trials = await prisma.sweepTrial.findMany({ where: { sweepId }, orderBy: { index: "asc" }, include: { run: true } });
  console.log(`# ${trials.map((t) => `#${t.index + 1} ${t.run?.status} ${t.pruneReason ?? ""}`).join("\n# ")}`);
  const pruned = trials.filter((t) => t.pruneRule === "asha");
  assert.ok(pruned.some((t) => [2, 4, 5].includes(t.index)), "a low-lr trial was pruned");
  assert.ok(!pruned.some((t) => t.index < 2), "the first two trials never meet a full rung");
  for (const t of pruned) {
    assert.match(t.pruneReason!, /^ASHA rung \d \(step \d+\): ranked \d of \d, keeping top \d \(best eval loss [\d.]+, cutoff [\d.]+\)$/);
    assert.equal(t.run!.status, "STOPPED_EARLY");
    assert.equal(t.run!.stopRule, "sweep-asha");
    assert.equal(t.run!.stopKind, "EARLY_STOP");
    assert.ok((t.run!.lastStep ?? 0) < (t.run!.totalSteps ?? 0), `trial ${t.index + 1} ran to its end (${t.run!.lastStep}/${t.run!.totalSteps})`);
  }
});
