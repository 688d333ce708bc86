// One poll's worth of trainer_log.jsonl, applied exactly once: the points, the warnings and the new
// offset commit together, guarded by the offset the chunk was read from. A worker killed anywhere
// in here leaves either nothing or everything; a second worker racing on the same run finds the
// offset moved and writes nothing.
import type pg from "pg";
import { parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import type { TIngestWarning, TParsedPoint, TParserState } from "@/lib/logs/types";
import { inTransaction } from "@/lib/metrics/store/pg-pool";
import { insertMetricPoints } from "@/lib/metrics/store/insert-points";
import { toFloatText } from "@/lib/metrics/store/float-text";

export type TIngestResult = {
  /** false when the stored offset no longer matched baseOffset (someone else ingested it). */
  applied: boolean;
  inserted: number;
  newOffset: number;
  state: TParserState;
  points: TParsedPoint[];
  warnings: TIngestWarning[];
};

// Past this size with no newline the "line" cannot be a LogCallback line; skipping it beats a run
// whose ingestion never moves again.
const MAX_LINE_BYTES = 4 * 1024 * 1024;

export async function ingestTrainerLogChunk(o: {
  runId: string;
  chunk: Buffer;
  baseOffset: number;
  state: TParserState;
}): Promise<TIngestResult> {
  const parsed = parseTrainerLog(o.chunk, o.baseOffset, o.state);
  let consumed = parsed.consumedBytes;
  const warnings = [...parsed.warnings];
  if (consumed === 0 && o.chunk.length >= MAX_LINE_BYTES) {
    consumed = o.chunk.length;
    warnings.push({ offset: o.baseOffset, line: o.state.nextLine, message: `line longer than ${MAX_LINE_BYTES} bytes skipped` });
  }
  const newOffset = o.baseOffset + consumed;
  const noop: TIngestResult = { applied: true, inserted: 0, newOffset: o.baseOffset, state: o.state, points: [], warnings: [] };
  if (consumed === 0) return noop;
  return inTransaction(async (c) => {
    // Safe without the fsync wait: points and offset commit atomically, so a Postgres crash that
    // loses this commit loses both, and the next poll reads the same bytes again.
    await c.query(`SET LOCAL synchronous_commit = off`);
    const cur = await c.query<{ logOffset: string }>(`SELECT "logOffset" FROM runs WHERE id=$1 FOR UPDATE`, [o.runId]);
    if (!cur.rows[0] || Number(cur.rows[0].logOffset) !== o.baseOffset) {
      return { ...noop, applied: false };
    }
    const inserted = await insertMetricPoints(c, o.runId, parsed.points);
    await insertIngestWarnings(c, o.runId, warnings);
    await updateRunProgress(c, o.runId, newOffset, parsed.state, parsed.points);
    return { applied: true, inserted, newOffset, state: parsed.state, points: parsed.points, warnings };
  });
}

async function insertIngestWarnings(c: pg.ClientBase, runId: string, warnings: TIngestWarning[]): Promise<void> {
  if (warnings.length === 0) return;
  // A file full of garbage must not flood the events table: keep the first 50 per chunk, count the rest.
  const kept = warnings.slice(0, 50);
  const extra = warnings.length - kept.length;
  await c.query(
    `INSERT INTO run_events ("runId","type","message","data")
     SELECT $1, 'INGEST_WARNING', m, d::jsonb FROM unnest($2::text[], $3::text[]) AS t(m, d)`,
    [
      runId,
      kept.map((w, i) => `trainer_log.jsonl line ${w.line + 1} (byte ${w.offset}): ${w.message}` +
        (i === kept.length - 1 && extra > 0 ? ` (and ${extra} more warnings in this chunk)` : "")),
      kept.map((w) => JSON.stringify({ file: "trainer_log.jsonl", offset: w.offset, line: w.line })),
    ],
  );
}

function lastOf<T>(xs: T[], pred: (x: T) => boolean): T | undefined {
  for (let i = xs.length - 1; i >= 0; i--) if (pred(xs[i]!)) return xs[i];
  return undefined;
}

async function updateRunProgress(c: pg.ClientBase, runId: string, newOffset: number, state: TParserState,
  points: TParsedPoint[]): Promise<void> {
  const last = points[points.length - 1];
  const train = lastOf(points, (p) => p.kind === "TRAIN" && p.loss !== null);
  const evalP = lastOf(points, (p) => p.kind === "EVAL" && p.evalLoss !== null);
  const thr = lastOf(points, (p) => p.throughput !== null);
  const ep = lastOf(points, (p) => p.epoch !== null);
  const el = lastOf(points, (p) => p.elapsedS !== null);
  const tot = lastOf(points, (p) => p.totalSteps !== null);
  // COALESCE keeps the previous value when this chunk had no line carrying that field.
  await c.query(
    `UPDATE runs SET "logOffset"=$2, "segment"=$3, "lastStep"=COALESCE($4, "lastStep"),
       "totalSteps"=COALESCE($5, "totalSteps"), "lastLoss"=COALESCE($6::float8, "lastLoss"),
       "lastEvalLoss"=COALESCE($7::float8, "lastEvalLoss"), "lastEpoch"=COALESCE($8::float8, "lastEpoch"),
       "lastThroughput"=COALESCE($9::float8, "lastThroughput"), "lastElapsedS"=COALESCE($10, "lastElapsedS"),
       "lastPolledAt"=now(), "updatedAt"=now()
     WHERE id=$1`,
    [runId, newOffset, state.segment, last ? state.lastStep : null, tot?.totalSteps ?? null,
      toFloatText(train?.loss), toFloatText(evalP?.evalLoss), toFloatText(ep?.epoch), toFloatText(thr?.throughput),
      el?.elapsedS === null || el?.elapsedS === undefined ? null : Math.round(el.elapsedS)],
  );
}
