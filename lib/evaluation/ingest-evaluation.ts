// At the end of a run (live poller and import alike): LF's evaluation outputs in output_dir become
// runs."evaluation" and the first rows of generated_predictions.jsonl become run_predictions rows.
//
// Why only the first rows in Postgres: a predict run over a real eval set writes thousands of samples
// (each prompt can be kilobytes), the host may be gone or unreachable when someone opens the viewer,
// and paging/search must not cost an SSH round trip per click. So we keep a bounded sample that is
// always there (MAX_ROWS rows, each field cut at MAX_FIELD characters, from at most MAX_READ bytes) and
// say on the page how many lines the file has in all. Scores come from predict_results.json, which LF
// computes over every sample, so the bound never changes a number.
import type pg from "pg";
import { prisma } from "@/lib/db";
import { inTransaction, metricsPool } from "@/lib/metrics/store/pg-pool";
import { shQuote } from "@/lib/ssh/quote";
import type { TSshConnection } from "@/lib/ssh/connect";
import { jsonSafe } from "@/lib/runs/ingest-final-metrics";
import { ingestTrainerState } from "@/lib/runs/ingest-trainer-state";
import { parseResultsJson } from "./parse-results-json";
import { parsePredictions, type TParsedPredictions } from "./parse-predictions";

export const MAX_ROWS = 500;
export const MAX_FIELD = 8000;
const MAX_READ = 4 * 1024 * 1024;
const MAX_RESULTS = 4 * 1024 * 1024;

async function readResults(conn: TSshConnection, dir: string, name: string, errors: string[]): Promise<Record<string, number> | null> {
  const st = await conn.stat(`${dir}/${name}`);
  if (!st || st.isDirectory) return null;
  if (st.size > MAX_RESULTS) { errors.push(`${name}: ${st.size} bytes, larger than a metrics file can be; not read`); return null; }
  const text = (await conn.readFrom(`${dir}/${name}`, 0, st.size)).toString("utf8");
  try {
    const r = parseResultsJson(text, name);
    errors.push(...r.errors);
    return r.metrics;
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e));
    return null;
  }
}

async function countLines(conn: TSshConnection, file: string): Promise<number | null> {
  const r = await conn.exec(`wc -l < ${shQuote(file)}`, { timeoutMs: 20_000 }).catch(() => null);
  const n = r ? Number(r.stdout.trim()) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/** Replaces the run's stored predictions with `parsed.rows` (idempotent: a re-read writes the same rows). */
export async function storePredictions(runId: string, parsed: TParsedPredictions): Promise<void> {
  await inTransaction(async (c: pg.ClientBase) => {
    await c.query(`DELETE FROM run_predictions WHERE "runId"=$1`, [runId]);
    if (parsed.rows.length === 0) return;
    await c.query(
      `INSERT INTO run_predictions ("runId", idx, prompt, predict, label)
       SELECT $1, i, p, q, l FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS t(i, p, q, l)`,
      [runId, parsed.rows.map((r) => r.idx), parsed.rows.map((r) => r.prompt.replace(/\0/g, "")),
        parsed.rows.map((r) => r.predict.replace(/\0/g, "")), parsed.rows.map((r) => r.label.replace(/\0/g, ""))],
    );
  });
}

export async function ingestEvaluation(o: { conn: TSshConnection; runId: string; outputDir: string }): Promise<void> {
  const dir = o.outputDir.replace(/\/+$/, "");
  const errors: string[] = [];
  const [evalResults, predictResults] = [await readResults(o.conn, dir, "eval_results.json", errors), await readResults(o.conn, dir, "predict_results.json", errors)];
  let predictions = null;
  const file = `${dir}/generated_predictions.jsonl`;
  const st = await o.conn.stat(file);
  if (st && !st.isDirectory) {
    const buf = await o.conn.readFrom(file, 0, Math.min(st.size, MAX_READ));
    const complete = buf.length >= st.size;
    const parsed = parsePredictions(buf.toString("utf8"), { maxRows: MAX_ROWS, maxField: MAX_FIELD, complete });
    const lines = complete ? parsed.lines : (await countLines(o.conn, file)) ?? parsed.lines;
    await storePredictions(o.runId, parsed);
    predictions = { file, lines, stored: parsed.rows.length, bytes: st.size, errors: parsed.errors, errorCount: parsed.errorCount };
  }
  // An imported run's eval_accuracy / per-dataset curves: trainer_state.json, when the poller never read it.
  const run = await prisma.run.findUnique({ where: { id: o.runId }, select: { trainerMetrics: true, segment: true } });
  if (run && run.trainerMetrics === null) {
    const sp = `${dir}/trainer_state.json`;
    const s = await o.conn.stat(sp);
    if (s && !s.isDirectory && s.size > 0 && s.size <= 64 * 1024 * 1024) {
      const r = await ingestTrainerState({ runId: o.runId, segment: run.segment, file: sp, text: (await o.conn.readFrom(sp, 0, s.size)).toString("utf8") });
      if (!r.ok) errors.push(r.error);
    }
  }
  if (!evalResults && !predictResults && !predictions && errors.length === 0) return;
  const evaluation = jsonSafe({ evalResults, predictResults, predictions, errors, readAt: new Date().toISOString() });
  // Raw pg with JSON text: numbers keep every digit LF wrote (Prisma's Json path rounds some floats).
  await metricsPool().query(`UPDATE runs SET evaluation = $2::jsonb, "updatedAt" = now() WHERE id = $1`, [o.runId, JSON.stringify(evaluation)]);
}
