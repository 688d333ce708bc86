// Every metric point of one run, in file order, as CSV or JSON: read by primary key in batches
// (keyset on offset), so a 1M-point run streams without holding it in memory.
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { csvLine, jsonValue, type TExportValue } from "@/lib/runs-table/export-format";

const BATCH = 20_000;
const COLS = ["offset", "kind", "segment", "step", "epoch", "loss", "eval_loss", "learning_rate", "grad_norm", "throughput", "total_tokens", "elapsed_s"] as const;

type TRow = { offset: string; kind: string; segment: number; step: number; epoch: number | null; loss: number | null; evalLoss: number | null;
  lr: number | null; gradNorm: number | null; throughput: number | null; totalTokens: string | null; elapsedS: number | null };

export async function* exportCurves(runId: string, format: "csv" | "json"): AsyncGenerator<string> {
  const db = metricsPool();
  if (format === "csv") yield csvLine([...COLS]);
  else yield "[";
  let after = "-1";
  let n = 0;
  for (;;) {
    // ORDER BY names the table's column: the bare name would sort by the text alias ("9800" > "20000").
    // float8 as text: pg's parser would read 'NaN' fine, but text keeps the exact digits Postgres stored.
    const r = await db.query<TRow>(
      `SELECT "offset"::text AS "offset", kind::text AS kind, segment, step, epoch, loss, "evalLoss", lr, "gradNorm", throughput,
              "totalTokens"::text AS "totalTokens", "elapsedS"
         FROM metric_points p WHERE p."runId" = $1 AND p."offset" > $2::bigint ORDER BY p."offset" LIMIT $3`, [runId, after, BATCH]);
    let out = "";
    for (const p of r.rows) {
      const v: TExportValue[] = [Number(p.offset), p.kind, p.segment, p.step, p.epoch, p.loss, p.evalLoss, p.lr, p.gradNorm, p.throughput,
        p.totalTokens === null ? null : Number(p.totalTokens), p.elapsedS];
      if (format === "csv") out += csvLine(v);
      else out += (n ? ",\n" : "\n") + JSON.stringify(Object.fromEntries(COLS.map((c, i) => [c, jsonValue(v[i])])));
      n++;
    }
    if (out) yield out;
    if (r.rows.length < BATCH) break;
    after = r.rows[r.rows.length - 1]!.offset;
  }
  if (format === "json") yield "\n]\n";
}
