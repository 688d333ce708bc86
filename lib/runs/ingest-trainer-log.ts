// One poll's worth of trainer_log.jsonl, applied exactly once: the points, the warnings and the new
// offset commit together, guarded by the offset the chunk was read from. A worker killed anywhere
// in here leaves either nothing or everything; a second worker racing on the same run finds the
// offset moved and writes nothing.
import type pg from "pg";
import { parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import type { TIngestWarning, TParsedPoint, TParserState } from "@/lib/logs/types";
import { inTransaction } from "@/lib/metrics/store/pg-pool";
import { insertMetricPoints } from "@/lib/metrics/store/insert-points";
import { FOLD_MIN_BYTES, openPointsCopy } from "@/lib/metrics/store/copy-points";
import { toFloatText } from "@/lib/metrics/store/float-text";
import { holdFencePg, type TLeaseFence } from "@/lib/fleet/fence";

export type TIngestResult = {
  /** false when the stored offset no longer matched baseOffset (someone else ingested it). */
  applied: boolean;
  /** true when nothing was written because the host's lease is no longer this worker's (lib/fleet/fence). */
  fenced?: boolean;
  inserted: number;
  newOffset: number;
  state: TParserState;
  points: TParsedPoint[];
  warnings: TIngestWarning[];
};

// Past this size with no newline the "line" cannot be a LogCallback line; skipping it beats a run
// whose ingestion never moves again.
const MAX_LINE_BYTES = 4 * 1024 * 1024;

// Parse and store overlap: each slice's points go down the COPY stream while the next slice is parsed.
const SLICE_BYTES = 256 * 1024;

export async function ingestTrainerLogChunk(o: {
  runId: string;
  chunk: Buffer;
  baseOffset: number;
  state: TParserState;
  /** The host lease this worker polls under; the write is refused once another worker holds the host. */
  fence?: TLeaseFence;
}): Promise<TIngestResult> {
  const noop: TIngestResult = { applied: true, inserted: 0, newOffset: o.baseOffset, state: o.state, points: [], warnings: [] };
  if (o.chunk.indexOf(10) === -1 && o.chunk.length < MAX_LINE_BYTES) return noop;
  return inTransaction(async (c) => {
    if (o.fence && !(await holdFencePg(c, o.fence))) return { ...noop, applied: false, fenced: true };
    // Rows past the stored offset can only exist if something other than this function wrote them;
    // then the slow path skips duplicates one by one instead of failing the COPY. (The pool commits
    // without waiting for fsync: points and offset go back together if Postgres loses the commit.)
    const cur = await c.query<{ logOffset: string; taken: boolean }>(
      `SELECT "logOffset", EXISTS (SELECT 1 FROM metric_points WHERE "runId"=$1 AND "offset" >= $2 AND "offset" < $3) AS taken
         FROM runs WHERE id=$1 FOR UPDATE`, [o.runId, o.baseOffset, o.baseOffset + o.chunk.length]);
    if (!cur.rows[0] || Number(cur.rows[0].logOffset) !== o.baseOffset) {
      return { ...noop, applied: false };
    }
    const copy = cur.rows[0].taken ? null : await openPointsCopy(c, o.runId, { foldBlocks: o.chunk.length >= FOLD_MIN_BYTES });
    const points: TParsedPoint[] = [];
    const warnings: TIngestWarning[] = [];
    let state = o.state;
    let consumed = 0;
    while (consumed < o.chunk.length) {
      const end = Math.min(o.chunk.length, consumed + SLICE_BYTES);
      let slice = o.chunk.subarray(consumed, end);
      // A slice must hold at least one whole line; a line longer than SLICE_BYTES gets the rest of the chunk.
      if (end < o.chunk.length && slice.lastIndexOf(10) === -1) slice = o.chunk.subarray(consumed);
      const parsed = parseTrainerLog(slice, o.baseOffset + consumed, state);
      if (parsed.consumedBytes === 0) break;
      if (copy) await copy.write(parsed.points);
      for (const p of parsed.points) points.push(p);
      for (const w of parsed.warnings) warnings.push(w);
      state = parsed.state;
      consumed += parsed.consumedBytes;
    }
    if (consumed === 0 && o.chunk.length >= MAX_LINE_BYTES) {
      consumed = o.chunk.length;
      warnings.push({ offset: o.baseOffset, line: o.state.nextLine, message: `line longer than ${MAX_LINE_BYTES} bytes skipped` });
    }
    const inserted = copy ? await copy.end() : await insertMetricPoints(c, o.runId, points);
    const newOffset = o.baseOffset + consumed;
    await insertIngestWarnings(c, o.runId, warnings);
    await updateRunProgress(c, o.runId, newOffset, state, points);
    return { applied: true, inserted, newOffset, state, points, warnings };
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
