// The live verdict end to end: the real worker polls a real sshd sandbox host running the simulator and
// stores the rules' verdict so far and each rule's progress on the run at each ingest. While the run
// trains, Run.liveVerdict must follow its steps and the eval rules must go from "waiting" to counting;
// it must survive the worker being killed and keep progressing once a new worker takes over.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { prisma } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { parseLiveVerdict, type TStoredLiveVerdict } from "@/lib/runs/live-verdict-store";
import { setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";
import { startWorkerProcess } from "@/lib/runs/testing/worker-process";

let fx: TRunFixture;
let worker: ChildProcess | null = null;

function startWorker(): Promise<ChildProcess> {
  return startWorkerProcess({ log: `/tmp/ff-live-verdict-worker-${process.pid}.log`, env: { POLL_INTERVAL_MS: "500", WORKER_CONCURRENCY: "2" }, onSpawn: (c) => { worker = c; } });
}

async function stopWorker(signal: NodeJS.Signals): Promise<void> {
  const w = worker;
  worker = null;
  if (!w || w.exitCode !== null) return;
  w.removeAllListeners("exit");
  const gone = new Promise((r) => w.once("exit", r));
  w.kill(signal);
  await Promise.race([gone, new Promise((r) => setTimeout(r, 15_000))]);
  if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
}

before(async () => {
  fx = await setupRunFixture({ port: 22741, gpus: 1, stepSeconds: 0.3, tag: "h12ui-live" });
  await startWorker();
});

after(async () => {
  await stopWorker("SIGTERM");
  await fx?.cleanup();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

type TSample = { status: string; runStep: number | null; live: TStoredLiveVerdict | null };
async function sample(id: string): Promise<TSample> {
  const r = await prisma.run.findUniqueOrThrow({ where: { id }, select: { status: true, lastStep: true, liveVerdict: true } });
  return { status: r.status, runStep: r.lastStep, live: parseLiveVerdict(r.liveVerdict) };
}
const rule = (v: TStoredLiveVerdict, name: string) => v.rules.find((r) => r.rule === name)!;

test("a training run's live verdict progresses in Postgres and survives a worker restart", { timeout: 240_000 }, async () => {
  // 360 train samples, batch 8: 45 steps, a train line every 2 steps, an eval every 10 (≈ 15 s of training).
  const { runId } = await createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices: [0], name: "live verdict", userId: null,
    overrides: ["max_samples=400", "val_size=0.1", "eval_strategy=steps", "eval_steps=10", "logging_steps=2", "num_train_epochs=1.0",
      "learning_rate=5.0e-5", "save_steps=100", "seed=1"] });

  const seen: TSample[] = [];
  const first = await waitFor("a live verdict while the run trains", async () => {
    const s = await sample(runId);
    return s.status === "RUNNING" && s.live ? s : null;
  }, 90_000, 150);
  seen.push(first);
  const v0 = first.live!;
  assert.equal(v0.judgeable, true);
  assert.ok(v0.rules.length >= 5, `one entry per rule: ${v0.rules.map((r) => r.rule).join(", ")}`);
  assert.ok(v0.lastStep !== null && v0.lastStep <= (first.runStep ?? 0), `live step ${v0.lastStep} within the ingested step ${first.runStep}`);
  assert.equal(v0.totalSteps, 45);

  // Until the first evaluations arrive the eval rules wait; then they count evaluations.
  const counting = await waitFor("eval patience counting evaluations", async () => {
    const s = await sample(runId);
    seen.push(s);
    const p = s.live ? rule(s.live, "patience") : null;
    return s.status === "RUNNING" && p && p.needed !== null && p.count !== null ? s : null;
  }, 60_000, 150);
  assert.ok(counting.live!.lastStep! >= 10 && counting.live!.lastStep! > v0.lastStep!, `progressed to step ${counting.live!.lastStep}`);
  assert.match(rule(counting.live!, "patience").text, /of \d+ evaluations/);

  // The worker dies mid-run: what it stored stays; a new worker replays the run and keeps it moving.
  await stopWorker("SIGKILL");
  const held = await sample(runId);
  assert.ok(held.live && held.live.lastStep! >= counting.live!.lastStep!, "the live verdict is still stored after the worker died");
  await startWorker();
  const after = await waitFor("the live verdict moving again under the new worker", async () => {
    const s = await sample(runId);
    seen.push(s);
    return s.live && s.live.lastStep! > held.live!.lastStep! ? s : null;
  }, 60_000, 150);
  assert.ok(Date.parse(after.live!.at) > Date.parse(held.live!.at), "rewritten by the new worker");

  const done = await waitFor("the run to finish", async () => {
    const s = await sample(runId);
    seen.push(s);
    return ["SUCCEEDED", "FAILED", "STOPPED_EARLY"].includes(s.status) ? s : null;
  }, 120_000, 250);
  assert.equal(done.status, "SUCCEEDED");
  const end = await waitFor("the last step's live verdict", async () => {
    const s = await sample(runId);
    return s.live && s.live.lastStep === 45 ? s : null;
  }, 20_000, 250);
  assert.equal(rule(end.live!, "patience").status === "waiting", false, "eval patience is armed by the end");

  // While it trained, the stored step only moved forward, through several distinct steps.
  const steps = seen.filter((s) => s.status === "RUNNING" && s.live).map((s) => s.live!.lastStep!);
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i]! >= steps[i - 1]!, `live step went back: ${steps.join(",")}`);
  assert.ok(new Set(steps).size >= 4, `several live updates while training: ${[...new Set(steps)].join(",")}`);
});
