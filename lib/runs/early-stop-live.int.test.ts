// Early stop on live runs, end to end: the real worker process (`tsx workers/index.ts`) polls a real
// sshd sandbox host running the LLaMA-Factory simulator. A NaN run and an overfitting run must end
// STOPPED_EARLY with rule, step, reason, verdict and advice recorded, within one poll + 1 s of the
// deciding trainer_log.jsonl line being written, with nothing of their process group left; the
// overfitting run's best checkpoint must survive save_total_limit rotation as a hard-linked copy
// that Run.bestCheckpoint points at and "Resume" uses; a healthy run on the same host is left alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, openSync, readFileSync, readSync, closeSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { prisma, type Run } from "@/lib/db";
import { createRun } from "@/lib/runs/create-run";
import { resumeRun } from "@/lib/runs/resume-run";
import { requestStop } from "@/lib/runs/request-stop";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { countGroupCommand } from "@/lib/runs/remote-commands";
import { createEngine } from "@/lib/rules/create-engine";
import { bestCheckpointStep } from "@/lib/rules/best-checkpoint-step";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { setupRunFixture, waitFor, type TRunFixture } from "@/lib/runs/testing/run-fixtures";
import { startWorkerProcess, stopWorkerProcess } from "@/lib/runs/testing/worker-process";

const POLL_MS = 1000;
const FINAL = ["SUCCEEDED", "FAILED", "KILLED", "CANCELLED", "STOPPED", "STOPPED_EARLY"];
let fx: TRunFixture;
let worker: ChildProcess | null = null;
const watchers: LineWatcher[] = [];

/** Starts the real worker; resolves once it logged "worker started". */
function startWorker(): Promise<ChildProcess> {
  return startWorkerProcess({ log: `/tmp/ff-early-stop-live-worker-${process.pid}.log`, env: { POLL_INTERVAL_MS: String(POLL_MS), WORKER_CONCURRENCY: "4" }, onSpawn: (c) => { worker = c; } });
}

/**
 * Records when each trainer_log.jsonl line first appears on the host (same machine, so the same
 * clock as Postgres' stopRequestedAt). Checked every 10 ms: a line's "written" time is known to ±10 ms.
 */
class LineWatcher {
  readonly seen = new Map<number, number>(); // byte offset of a line → ms epoch first seen complete
  private pos = 0;
  private partial = Buffer.alloc(0);
  private timer: NodeJS.Timeout;
  constructor(private file: string) {
    this.timer = setInterval(() => this.tick(), 10);
  }
  private tick(): void {
    if (!existsSync(this.file)) return;
    const size = statSync(this.file).size;
    if (size <= this.pos) return;
    const fd = openSync(this.file, "r");
    const buf = Buffer.alloc(size - this.pos);
    readSync(fd, buf, 0, buf.length, this.pos);
    closeSync(fd);
    const now = Date.now();
    let start = this.pos - this.partial.length;
    let data = Buffer.concat([this.partial, buf]);
    this.pos = size;
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
      this.seen.set(start, now);
      start += nl + 1;
      data = data.subarray(nl + 1);
    }
    this.partial = Buffer.from(data);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

before(async () => {
  fx = await setupRunFixture({ port: 22711, gpus: 3, stepSeconds: 0.25, tag: "h12-live" });
  await startWorker();
});

after(async () => {
  for (const w of watchers) w.stop();
  await stopWorkerProcess(worker);
  await fx?.cleanup();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

const hostDir = (run: Pick<Run, "outputDir">) => path.resolve(fx.sshd.home, run.outputDir);

async function launch(name: string, gpu: number, overrides: string[]): Promise<{ id: string; watcher: LineWatcher; dir: string }> {
  const r = await createRun({ presetVersionId: fx.presetVersionId, hostId: fx.hostId, gpuIndices: [gpu], name, userId: null, overrides });
  const row = await prisma.run.findUniqueOrThrow({ where: { id: r.runId } });
  const dir = hostDir(row);
  const watcher = new LineWatcher(path.join(dir, "trainer_log.jsonl"));
  watchers.push(watcher);
  return { id: r.runId, watcher, dir };
}

/** The line the rules engine stopped on: the run's own rules replayed over the file as written. */
function decidingLine(dir: string, rules: unknown): { offset: number; step: number } {
  const { points } = parseTrainerLog(readFileSync(path.join(dir, "trainer_log.jsonl")), 0, initialParserState());
  const engine = createEngine((rules ?? {}) as object);
  for (const p of points) {
    const out = engine.push(p);
    if (out.fired?.action === "stop") return { offset: p.offset, step: out.fired.step };
  }
  throw new Error("the rules never fire a stop on this log");
}

async function finished(id: string, timeoutMs: number): Promise<Run> {
  return waitFor(`run ${id} to finish`, async () => {
    const r = await prisma.run.findUniqueOrThrow({ where: { id } });
    return FINAL.includes(r.status) ? r : null;
  }, timeoutMs, 250);
}

/** Advice is written by the final-metrics pass, two quiet polls after the run ended. */
async function withAdvice(id: string): Promise<Run> {
  return waitFor(`advice on run ${id}`, async () => {
    const r = await prisma.run.findUniqueOrThrow({ where: { id } });
    return Array.isArray(r.advice) && r.advice.length > 0 ? r : null;
  }, 20_000, 250);
}

function groupLeft(pgid: number | null): number {
  assert.ok(pgid && pgid > 1, "the run recorded its process group");
  return Number(fx.sshd.sh(countGroupCommand(pgid)).trim());
}

function assertLatency(label: string, run: Run, dir: string, watcher: LineWatcher): number {
  const d = decidingLine(dir, run.rules);
  assert.equal(run.stopStep, d.step, `${label}: recorded stop step is the step the rules stop at`);
  const written = watcher.seen.get(d.offset);
  assert.ok(written, `${label}: the deciding line (byte ${d.offset}) was seen being written`);
  assert.ok(run.stopRequestedAt, `${label}: stop request time recorded`);
  const ms = run.stopRequestedAt.getTime() - written;
  console.log(`# ${label}: deciding line (step ${d.step}) written → stop requested in ${ms} ms (target ≤ ${POLL_MS + 1000} ms: one poll + 1 s)`);
  assert.ok(ms <= POLL_MS + 1000, `${label}: stop requested ${ms} ms after the deciding line (target ≤ ${POLL_MS + 1000})`);
  return ms;
}

test("live runs: NaN and overfitting stop early in time, best checkpoint protected and resumed from, healthy run untouched", { timeout: 300_000 }, async () => {
  // NaN: lr 3.0 blows up within a few steps (grid case "NaN: lr 3.0 constant no eval"); 150 steps ≈ 38 s if never stopped.
  const nan = await launch("live nan lr3", 0, ["learning_rate=3.0", "lr_scheduler_type=constant", "warmup_ratio=0", "num_train_epochs=3.0",
    "max_samples=400", "logging_steps=5", "seed=2"]);
  // Overfitting: 60 train samples × 12 epochs, eval every 10; save_total_limit 2 rotates the best checkpoint away.
  const over = await launch("live overfit", 1, ["max_samples=80", "val_size=20", "eval_strategy=steps", "eval_steps=10", "num_train_epochs=12.0",
    "logging_steps=5", "save_steps=10", "save_total_limit=2", "seed=1"]);
  // Healthy: the 45-step bug-report config with eval.
  const ok = await launch("live healthy", 2, ["max_samples=400", "learning_rate=5.0e-5", "num_train_epochs=1.0", "logging_steps=2",
    "val_size=0.1", "eval_strategy=steps", "eval_steps=10", "save_steps=20", "seed=1"]);

  // --- NaN ---
  let nanRun = await finished(nan.id, 90_000);
  assert.equal(nanRun.status, "STOPPED_EARLY", `NaN run: ${nanRun.status} ${nanRun.errorExcerpt ?? ""}`);
  assert.equal(nanRun.stopKind, "EARLY_STOP");
  assert.equal(nanRun.stopRule, "nonFinite");
  assert.ok(nanRun.stopReason && nanRun.stopReason.length > 10, `reason recorded: ${nanRun.stopReason}`);
  assert.ok(["diverged", "failed"].includes(nanRun.verdict ?? ""), `verdict ${nanRun.verdict}`);
  nanRun = await withAdvice(nan.id);
  assert.ok((nanRun.advice as string[]).some((a) => /learning rate|lr/i.test(a)), `advice says to lower the lr: ${JSON.stringify(nanRun.advice)}`);
  assertLatency("NaN run", nanRun, nan.dir, nan.watcher);
  assert.equal(groupLeft(nanRun.remotePgid), 0, "NaN run: no process of its group is left");
  assert.ok((nanRun.stopStep ?? 0) < 40, `stopped long before the end (step ${nanRun.stopStep} of 150)`);

  // --- Overfitting ---
  let overRun = await finished(over.id, 120_000);
  assert.equal(overRun.status, "STOPPED_EARLY", `overfit run: ${overRun.status} ${overRun.errorExcerpt ?? ""}`);
  assert.equal(overRun.stopRule, "overfitting");
  assert.equal(overRun.verdict, "overfitting");
  assert.ok(overRun.stopReason && overRun.stopReason.length > 10);
  overRun = await withAdvice(over.id);
  assertLatency("overfit run", overRun, over.dir, over.watcher);
  assert.equal(groupLeft(overRun.remotePgid), 0, "overfit run: no process of its group is left");

  assert.ok(overRun.bestStep !== null, "best step recorded");
  const ck = bestCheckpointStep(overRun.bestStep, 10, overRun.totalSteps);
  assert.ok(ck !== null);
  assert.equal(overRun.bestCheckpoint, `${overRun.outputDir}/best-checkpoint-${ck}`, "Run.bestCheckpoint points at the protected copy");
  const kept = path.join(over.dir, `best-checkpoint-${ck}`);
  const entries = readdirSync(over.dir);
  console.log(`# overfit run: best step ${overRun.bestStep}, stop step ${overRun.stopStep}, folder: ${entries.sort().join(" ")}`);
  assert.ok(!entries.includes(`checkpoint-${ck}`), `checkpoint-${ck} was rotated away by save_total_limit (else this proves nothing)`);
  for (const f of ["adapter_model.safetensors", "trainer_state.json"]) {
    assert.ok(statSync(path.join(kept, f)).size > 0, `best-checkpoint-${ck}/${f} survived rotation`);
  }
  const state = JSON.parse(readFileSync(path.join(kept, "trainer_state.json"), "utf8")) as { global_step: number };
  assert.equal(state.global_step, ck, "the protected copy holds the weights of that step");
  const bestEvents = await prisma.runEvent.count({ where: { runId: over.id, type: "BEST_CHECKPOINT" } });
  assert.ok(bestEvents >= 1);

  // --- Resume from the protected best checkpoint ---
  const child = await resumeRun({ runId: over.id, userId: null });
  assert.equal(child.checkpoint, `best-checkpoint-${ck}`, "Resume picks the protected best checkpoint");
  const childRow = await prisma.run.findUniqueOrThrow({ where: { id: child.runId } });
  const cfg = parseYaml(childRow.configYaml) as Record<string, unknown>;
  assert.equal(cfg.resume_from_checkpoint, `${overRun.outputDir}/best-checkpoint-${ck}`);
  // The trainer accepts it: the child's first logged step continues after the best step.
  const firstStep = await waitFor("the resumed run's first log line", async () => {
    const f = path.join(hostDir(childRow), "trainer_log.jsonl");
    if (!existsSync(f)) {
      const r = await prisma.run.findUniqueOrThrow({ where: { id: child.runId } });
      if (FINAL.includes(r.status)) throw new Error(`resumed run ended ${r.status} without logging: ${r.errorExcerpt ?? ""}`);
      return null;
    }
    const line = readFileSync(f, "utf8").split("\n")[0];
    return line ? (JSON.parse(line) as { current_steps: number }).current_steps : null;
  }, 60_000, 100);
  assert.ok(firstStep > ck, `resumed at step ${firstStep}, after checkpoint ${ck}`);
  await requestStop({ runId: child.runId, userId: null, kind: "KILL" });
  await finished(child.runId, 30_000);

  // --- Healthy ---
  const okRun = await finished(ok.id, 120_000);
  assert.equal(okRun.status, "SUCCEEDED", `healthy run: ${okRun.status} ${okRun.stopRule ?? ""} ${okRun.stopReason ?? ""}`);
  assert.equal(okRun.stopRule, null);
  assert.equal(okRun.stopKind, null);
  assert.equal(okRun.lastStep, okRun.totalSteps, "ran to its last step");
  assert.equal(await prisma.runEvent.count({ where: { runId: ok.id, type: { in: ["RULE_FIRED", "STOP_REQUESTED", "SIGNAL_SENT"] } } }), 0);
});
