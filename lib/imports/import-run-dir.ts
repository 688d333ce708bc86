// One output dir of an import → one IMPORTED run: the row (unique per host + dir), its
// trainer_log.jsonl through the live ingest (binary COPY, exactly once by byte offset, so a run
// half-ingested by a killed worker continues where the stored offset says), then the rules' verdict
// over the whole history and the Trainer's own end-of-run numbers.
import { maskSecrets, sealSecrets } from "@/lib/presets/secrets";
import { prisma, Prisma } from "@/lib/db";
import { createEngine, type TEngine } from "@/lib/rules/create-engine";
import { noStopConfig } from "@/lib/backtest/backtest-one";
import { ZRulesConfig } from "@/lib/rules/config";
import { relaxedJsonObject } from "@/lib/logs/parse-relaxed-json";
import { ingestTrainerLogChunk } from "@/lib/runs/ingest-trainer-log";
import { ingestFinalMetrics } from "@/lib/runs/ingest-final-metrics";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { listEnginePoints } from "@/lib/metrics/store/list-engine-points";
import type { TSshConnection } from "@/lib/ssh/connect";
import type { TEngineOutput } from "@/lib/rules/types";
import { configSnapshot } from "./config-snapshot";
import type { TFoundDir } from "./find-command";

const CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_SMALL_FILE = 4 * 1024 * 1024;

export type TDirOutcome = { kind: "imported" | "skipped" | "done-before"; runId: string | null; lines: number; bytes: number };

async function readSmall(conn: TSshConnection, d: TFoundDir, name: "training_args.yaml" | "llamaboard_config.yaml" | "trainer_state.json" | "all_results.json"): Promise<string | null> {
  const f = d.files[name];
  // trainer_state.json of a long run carries its whole log_history: read as far as the final-metrics reader would.
  if (!f || f.size > (name === "trainer_state.json" || name === "all_results.json" ? 64 * MAX_SMALL_FILE / 4 : MAX_SMALL_FILE)) return null;
  return (await conn.readFrom(`${d.dir}/${name}`, 0, f.size)).toString("utf8");
}


type TRunRow = { id: string; origin: string; logOffset: bigint; segment: number; lastStep: number | null; finalMetrics: unknown };

async function findRun(hostId: string, dir: string): Promise<TRunRow | null> {
  // A launched or adopted run in this folder is the same history: never import it a second time.
  const rows = await prisma.run.findMany({ where: { hostId, outputDir: dir }, select: { id: true, origin: true, logOffset: true, segment: true, lastStep: true, finalMetrics: true }, orderBy: { createdAt: "asc" } });
  return rows.find((r) => r.origin === "IMPORTED") ?? rows[0] ?? null;
}

async function createImportedRun(conn: TSshConnection, o: { jobId: string; hostId: string; userId: string | null; d: TFoundDir; rootName: string; stateText: string | null }): Promise<TRunRow> {
  const [trainingArgs, llamaboardConfig] = await Promise.all([readSmall(conn, o.d, "training_args.yaml"), readSmall(conn, o.d, "llamaboard_config.yaml")]);
  const stateText = o.stateText;
  const snapshot = configSnapshot({ dir: o.d.dir, trainingArgs, llamaboardConfig, trainerState: relaxedJsonObject(stateText) });
  // LLaMA-Board's training_args.yaml carries swanlab_api_key/hub_token as typed: stored masked and sealed, like a preset's.
  let configYaml = snapshot, configSecretsSealed: string | null = null;
  try { const m = maskSecrets(snapshot); configYaml = m.masked; configSecretsSealed = sealSecrets(m.secrets); } catch { /* not a mapping: nothing to mask */ }
  const name = (o.d.rel === "." ? o.rootName : o.d.rel).slice(0, 200);
  const mtime = Math.max(...Object.values(o.d.files).map((f) => f.mtimeMs));
  try {
    return await prisma.run.create({
      data: {
        name, status: "IMPORTED", origin: "IMPORTED", hostId: o.hostId, gpuIndices: [], configYaml, configSecretsSealed, outputDir: o.d.dir,
        importJobId: o.jobId, createdById: o.userId, finishedAt: new Date(mtime),
      },
      select: { id: true, origin: true, logOffset: true, segment: true, lastStep: true, finalMetrics: true },
    });
  } catch (e) {
    // Two imports of overlapping folders raced: the other one created it (runs_imported_host_dir_key).
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      const r = await findRun(o.hostId, o.d.dir);
      if (r) return r;
    }
    throw e;
  }
}

async function replayEngine(engine: TEngine, runId: string): Promise<TEngineOutput | null> {
  let last: TEngineOutput | null = null;
  for await (const page of listEnginePoints(metricsPool(), runId)) for (const p of page) last = engine.push(p);
  return last;
}

export async function importRunDir(conn: TSshConnection, o: {
  jobId: string; hostId: string; userId: string | null; d: TFoundDir; rootName: string;
  onProgress: (bytes: number, lines: number) => Promise<void>;
}): Promise<TDirOutcome> {
  let run = await findRun(o.hostId, o.d.dir);
  if (run && run.origin !== "IMPORTED") return { kind: "skipped", runId: run.id, lines: 0, bytes: 0 };
  if (run && run.finalMetrics !== null) return { kind: "done-before", runId: run.id, lines: 0, bytes: 0 };
  // Read once, for the config snapshot and the final metrics (the find said which files exist, so no stat).
  const [stateText, allResults] = await Promise.all([readSmall(conn, o.d, "trainer_state.json"), readSmall(conn, o.d, "all_results.json")]);
  run ??= await createImportedRun(conn, { ...o, stateText });

  const engine = createEngine(noStopConfig(ZRulesConfig.parse({})));
  let offset = Number(run.logOffset);
  let last = offset > 0 ? await replayEngine(engine, run.id) : null;
  const log = o.d.files["trainer_log.jsonl"];
  let lines = 0;
  if (log && offset < log.size) {
    const path = `${o.d.dir}/trainer_log.jsonl`;
    const counted = offset > 0 ? await metricsPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_points WHERE "runId"=$1`, [run.id]) : null;
    let state = { segment: run.segment, lastStep: run.lastStep, nextLine: counted?.rows[0]?.n ?? 0 };
    const read = (at: number) => conn.readFrom(path, at, Math.min(CHUNK_BYTES, log.size - at));
    // `readAt` runs ahead of `offset`: the partial line a chunk ends with is carried into the next one.
    let readAt = offset;
    let carry: Buffer = Buffer.alloc(0);
    let next = read(readAt);
    while (offset < log.size) {
      const got = await next;
      readAt += got.length;
      // The next read overlaps this chunk's parse and COPY.
      next = got.length > 0 && readAt < log.size ? read(readAt) : Promise.resolve(Buffer.alloc(0));
      let chunk = carry.length ? Buffer.concat([carry, got]) : got;
      if (chunk.length === 0) break; // the file shrank since find: what is there is imported
      // A finished file's last line is complete even without its newline.
      const atEnd = got.length === 0 || readAt >= log.size;
      if (atEnd && chunk[chunk.length - 1] !== 10) chunk = Buffer.concat([chunk, Buffer.from("\n")]);
      const r = await ingestTrainerLogChunk({ runId: run.id, chunk, baseOffset: offset, state });
      if (!r.applied) throw new Error(`${path}: another worker is importing this run (stored offset moved)`);
      for (const p of r.points) last = engine.push(p);
      await o.onProgress(Math.min(r.newOffset, log.size) - offset, r.points.length);
      lines += r.points.length;
      state = r.state;
      carry = chunk.subarray(r.newOffset - offset);
      offset = r.newOffset;
      if (atEnd) break;
    }
    await next.catch(() => null);
  }
  const summary = engine.finish();
  await ingestFinalMetrics({ conn, runId: run.id, outputDir: o.d.dir, summary, keepVerdict: false, prefetched: { trainerState: stateText, allResults } });
  const finite = last?.bestEvalLoss !== null && last?.bestEvalLoss !== undefined && Number.isFinite(last.bestEvalLoss) ? last.bestEvalLoss : null;
  const done = await prisma.run.findUniqueOrThrow({ where: { id: run.id }, select: { lastElapsedS: true, finishedAt: true } });
  await prisma.run.update({
    where: { id: run.id },
    data: {
      bestStep: summary.bestStep, bestEvalLoss: finite,
      ...(done.finishedAt && done.lastElapsedS !== null ? { startedAt: new Date(done.finishedAt.getTime() - done.lastElapsedS * 1000) } : {}),
    },
  });
  return { kind: "imported", runId: run.id, lines, bytes: log?.size ?? 0 };
}
