// One poll of one run: new trainer_log.jsonl bytes → points (exactly once), new console bytes →
// console tail + grad norms, then the rules engine, best-checkpoint protection and, for a run that
// has ended and gone quiet, the final metrics.
import { createEngine } from "@/lib/rules/create-engine";
import { bestCheckpointStep } from "@/lib/rules/best-checkpoint-step";
import { initialConsoleState } from "@/lib/logs/parse-console";
import { CONSOLE_FILE } from "@/lib/runs/remote-commands";
import { ingestTrainerLogChunk } from "@/lib/runs/ingest-trainer-log";
import { ingestConsoleChunk } from "@/lib/runs/ingest-console";
import { pairGradNorms } from "@/lib/runs/pair-grad-norms";
import { recordRuleOutcome } from "@/lib/runs/ingest-rule-outcome";
import { protectBestCheckpoint, saveStepsOf } from "@/lib/runs/ingest-best-checkpoint";
import { ingestFinalMetrics } from "@/lib/runs/ingest-final-metrics";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { listEnginePoints } from "@/lib/metrics/store/list-engine-points";
import { updateGradNorms } from "@/lib/metrics/store/update-grad-norms";
import type { TSshConnection } from "@/lib/ssh/connect";
import type { TParsedPoint } from "@/lib/logs/types";
import type { TEngineOutput } from "@/lib/rules/types";
import { liveVerdictKey, saveLiveVerdict } from "@/lib/runs/live-verdict-store";
import { liveOf } from "@/lib/rules/live-verdict";
import type { TEngine } from "@/lib/rules/create-engine";
import { rebuildPendingGradNorms } from "./rebuild-grad-pending";
import { checkNoProgress } from "./no-progress-watchdog";
import { pollTrainerState } from "./poll-trainer-state";
import { createLogger } from "@/lib/logger";
import { LeaseLostError, type TLeaseFence } from "@/lib/fleet/fence";

const stateLog = createLogger("POLLER");
import { capPending, getRunMemory, setRunMemory, type TRunMemory } from "./run-memory";
import type { TPollableRun } from "./load-pollable-runs";

export const MAX_BYTES_PER_POLL = 4 * 1024 * 1024;
const QUIET_POLLS_BEFORE_FINAL = 2;

export type TPollStats = { runId: string; bytes: number; points: number; finalised: boolean };

/** The host lease a poll runs under (workers/fleet/lease-keeper): the fence for ingest, and the local check. */
export type TPollLease = { fence: TLeaseFence; holds(): boolean };

async function initMemory(run: TPollableRun): Promise<TRunMemory> {
  const db = metricsPool();
  const counts = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM metric_points WHERE "runId"=$1)::int + (SELECT count(*) FROM run_events WHERE "runId"=$1 AND type='INGEST_WARNING')::int AS n`,
    [run.id],
  );
  const engine = createEngine((run.rules ?? {}) as object);
  const mem: TRunMemory = {
    logOffset: Number(run.logOffset), consoleOffset: Number(run.consoleOffset),
    // The Run row holds what tells eval-loop lines, resumes and a second writer apart (the training's
    // total and the last elapsed time); the rest of the parser state is estimated from them.
    parser: { segment: run.segment, lastStep: run.lastStep, nextLine: counts.rows[0]?.n ?? 0, totalSteps: run.totalSteps,
      lastElapsedS: run.lastElapsedS },
    consoleState: initialConsoleState(), engine, bestStep: run.bestStep, bestEvalLoss: null, wantCheckpoint: null,
    gradPoints: [], gradRecords: [], quietPolls: 0, lastProgressAt: undefined, liveKey: null,
  };
  // Replay: the engine's state after a worker restart equals the state it had before.
  let last: TEngineOutput | null = null;
  // The parser's per-kind high-water marks of the current segment come back from the same replay.
  let maxTrain: number | null = null;
  let maxEval: number | null = null;
  for await (const page of listEnginePoints(db, run.id)) {
    for (const p of page) {
      last = engine.push(p);
      if (p.segment !== run.segment) continue;
      if (p.kind === "TRAIN") maxTrain = Math.max(maxTrain ?? p.step, p.step);
      else if (p.kind === "EVAL") maxEval = Math.max(maxEval ?? p.step, p.step);
    }
  }
  mem.parser.maxTrainStep = maxTrain;
  mem.parser.maxEvalStep = maxEval;
  if (last) {
    mem.bestEvalLoss = last.bestEvalLoss;
    if (last.bestStep !== run.bestStep || !run.bestCheckpoint) mem.bestStep = null; // re-evaluate protection below
    const stop = engine.finish().stop;
    // A stop that fired just before a crash, but was never recorded, is acted on now.
    if (stop && !run.stopRule && run.status === "RUNNING") await recordRuleOutcome({ runId: run.id, fired: stop, verdict: last.verdict });
    // Also fills in runs ingested before the column existed, or by a worker that died before writing it.
    await storeLive(run.id, mem, engine);
  }
  const grad = await rebuildPendingGradNorms(db, run.id);
  await updateGradNorms(db, run.id, grad.pairs);
  mem.gradPoints = grad.points;
  mem.gradRecords = grad.records;
  return mem;
}

async function pollTrainerLog(conn: TSshConnection, run: TPollableRun, mem: TRunMemory, lease?: TPollLease): Promise<{ bytes: number; points: TParsedPoint[] }> {
  const path = `${run.outputDir.replace(/\/+$/, "")}/trainer_log.jsonl`;
  const st = await conn.stat(path);
  const offset = Number(run.logOffset);
  if (!st || st.size <= offset) return { bytes: 0, points: [] };
  const chunk = await conn.readFrom(path, offset, Math.min(MAX_BYTES_PER_POLL, st.size - offset));
  const r = await ingestTrainerLogChunk({ runId: run.id, chunk, baseOffset: offset, state: mem.parser, fence: lease?.fence });
  if (r.fenced) throw new LeaseLostError(run.host.id);
  if (!r.applied) throw new StaleOffsetError(run.id);
  mem.parser = r.state;
  mem.logOffset = r.newOffset;
  run.logOffset = BigInt(r.newOffset);
  return { bytes: r.newOffset - offset, points: r.points };
}

async function pollConsole(conn: TSshConnection, run: TPollableRun, mem: TRunMemory, lease?: TPollLease): Promise<number> {
  const path = `${run.outputDir.replace(/\/+$/, "")}/${CONSOLE_FILE}`;
  const st = await conn.stat(path);
  const offset = Number(run.consoleOffset);
  if (!st || st.size <= offset) return 0;
  const chunk = await conn.readFrom(path, offset, Math.min(MAX_BYTES_PER_POLL, st.size - offset));
  const r = await ingestConsoleChunk({ runId: run.id, chunk, baseOffset: offset, state: mem.consoleState, fence: lease?.fence });
  if (!r.applied) throw new StaleOffsetError(run.id);
  mem.consoleState = r.state;
  mem.consoleOffset = r.newOffset;
  run.consoleOffset = BigInt(r.newOffset);
  for (const rec of r.records) if (rec.kind === "TRAIN") mem.gradRecords.push({ loss: rec.loss, epoch: rec.epoch, gradNorm: rec.gradNorm });
  return r.newOffset - offset;
}

/** Another worker moved the offset under us: drop this run's memory and start over next poll. */
export class StaleOffsetError extends Error {
  constructor(runId: string) { super(`offset of run ${runId} moved under this poll`); }
}

export async function pollRun(conn: TSshConnection, run: TPollableRun, lease?: TPollLease): Promise<TPollStats> {
  // Every step below that writes first makes sure the host is still this worker's (cheap, local).
  const mine = () => {
    if (lease && !lease.holds()) throw new LeaseLostError(run.host.id);
  };
  mine();
  let mem = getRunMemory(run.id);
  if (mem && (mem.logOffset !== Number(run.logOffset) || mem.consoleOffset !== Number(run.consoleOffset))) mem = undefined;
  if (!mem) { mem = await initMemory(run); setRunMemory(run.id, mem); }
  // The two files are independent until the grad-norm pairing below: read and store them side by side.
  const [log, consoleBytes] = await Promise.all([pollTrainerLog(conn, run, mem, lease), pollConsole(conn, run, mem, lease)]);
  mine();
  for (const p of log.points) if (p.kind === "TRAIN" && p.loss !== null) mem.gradPoints.push({ offset: p.offset, loss: p.loss, epoch: p.epoch });

  const paired = pairGradNorms(mem.gradPoints, mem.gradRecords);
  await updateGradNorms(metricsPool(), run.id, paired.pairs);
  mem.gradPoints = capPending(paired.points);
  mem.gradRecords = capPending(paired.records);

  await applyRules(conn, run, mem, log.points);
  // Grad norms the console missed and the metrics only trainer_state.json carries; never fatal to the poll.
  await pollTrainerState(conn, run, mem).catch((e: unknown) =>
    stateLog.warn("trainer_state.json not ingested", { runId: run.id, error: e instanceof Error ? e.message : String(e) }));

  mine();
  const ended = !["RUNNING", "STOPPING"].includes(run.status);
  mem.quietPolls = log.bytes === 0 && consoleBytes === 0 ? mem.quietPolls + 1 : 0;
  if (mem.quietPolls === 0) mem.lastProgressAt = Date.now();
  else if (run.status === "RUNNING") mem.lastProgressAt = await checkNoProgress({ runId: run.id, lastStep: run.lastStep, known: mem.lastProgressAt });
  let finalised = false;
  if (ended && mem.quietPolls >= QUIET_POLLS_BEFORE_FINAL) {
    await ingestFinalMetrics({ conn, runId: run.id, outputDir: run.outputDir, summary: mem.engine?.finish() ?? null, keepVerdict: run.stopRule !== null });
    finalised = true;
  }
  return { runId: run.id, bytes: log.bytes + consoleBytes, points: log.points.length, finalised };
}

async function applyRules(conn: TSshConnection, run: TPollableRun, mem: TRunMemory, points: TParsedPoint[]): Promise<void> {
  const engine = mem.engine;
  if (!engine) return;
  let last: TEngineOutput | null = null;
  for (const p of points) {
    const out = engine.push(p);
    last = out;
    // Alerts are recorded live; a stop is recorded once (ingest-rule-outcome makes it idempotent).
    if (out.fired && run.status === "RUNNING") await recordRuleOutcome({ runId: run.id, fired: out.fired, verdict: out.verdict });
    if (out.fired?.action === "stop") run.stopRule = out.fired.rule;
  }
  if (last) await storeLive(run.id, mem, engine);
  if (last && last.bestStep !== null && last.bestStep !== mem.bestStep) {
    const ck = bestCheckpointStep(last.bestStep, saveStepsOf(run.configYaml), run.totalSteps ?? points.at(-1)?.totalSteps ?? null);
    mem.bestStep = last.bestStep;
    mem.bestEvalLoss = last.bestEvalLoss;
    mem.wantCheckpoint = ck;
  }
  if (mem.wantCheckpoint !== null && mem.bestStep !== null) {
    const done = await protectBestCheckpoint({ conn, runId: run.id, outputDir: run.outputDir, checkpointStep: mem.wantCheckpoint,
      bestStep: mem.bestStep, bestEvalLoss: mem.bestEvalLoss });
    if (done) mem.wantCheckpoint = null;
  }
}

/** Writes the live verdict when it changed since this worker last wrote it (most polls change a count). */
async function storeLive(runId: string, mem: TRunMemory, engine: TEngine): Promise<void> {
  const live = liveOf(engine);
  const key = liveVerdictKey(live);
  if (key === mem.liveKey) return;
  await saveLiveVerdict(runId, live);
  mem.liveKey = key;
}
