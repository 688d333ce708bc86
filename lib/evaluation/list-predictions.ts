// One page of a run's stored generated_predictions.jsonl rows, optionally filtered by a text search
// over prompt, prediction and label (ILIKE; `_`/`%` literal). The stored rows are bounded (at most
// MAX_ROWS per run, see ingest-evaluation), so a sequential scan of one run's rows stays cheap.
import { z } from "zod";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { likePattern } from "@/lib/runs-table/build-table-sql";

export const ZPredictionsQuery = z.object({
  page: z.coerce.number().int().min(1, "page: must be 1 or more").max(100_000).default(1),
  per: z.coerce.number().int().min(1).max(100, "per: at most 100").default(10),
  q: z.string().max(200, "q: at most 200 characters").default(""),
});
export type TPredictionsPage = { rows: { idx: number; prompt: string; predict: string; label: string }[]; total: number; page: number; per: number };

export async function listPredictions(runId: string, query: z.input<typeof ZPredictionsQuery>): Promise<TPredictionsPage> {
  const q = ZPredictionsQuery.parse(query);
  const args: unknown[] = [runId];
  let where = `"runId" = $1`;
  if (q.q.trim()) {
    args.push(likePattern(q.q.trim()));
    where += ` AND (prompt ILIKE $2 OR predict ILIKE $2 OR label ILIKE $2)`;
  }
  const db = metricsPool();
  const [rows, count] = await Promise.all([
    db.query(`SELECT idx, prompt, predict, label FROM run_predictions WHERE ${where} ORDER BY idx LIMIT ${q.per} OFFSET ${(q.page - 1) * q.per}`, args),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM run_predictions WHERE ${where}`, args),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0, page: q.page, per: q.per };
}
