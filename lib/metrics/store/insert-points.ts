import type pg from "pg";
import type { TParsedPoint } from "@/lib/logs/types";
import { copyMetricPoints } from "./copy-points";

// Rows per statement: large enough to amortise the round trip, small enough to keep the
// parameter arrays well under pg's message limits.
const BATCH = 5000;

// pg's generic array serialiser costs microseconds per element; numbers need no quoting, so array
// literals are built directly. float8[] input accepts NaN/Infinity/-Infinity/NULL as they are.
function numArray<T>(rows: T[], f: (r: T) => number | null): string {
  let out = "{";
  for (let i = 0; i < rows.length; i++) {
    const v = f(rows[i]!);
    if (i > 0) out += ",";
    out += v === null ? "NULL" : v !== v ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v);
  }
  return out + "}";
}

const intOrNull = (v: number | null) => (v === null ? null : Math.round(v));

/**
 * Bulk-inserts parsed points. (runId, offset) is unique, so a batch replayed after a crash inserts
 * nothing twice. The common case (nothing stored yet in the batch's offset range: every live poll,
 * whose offset guard already rules replays out) goes through binary COPY; a range that already
 * holds rows goes through `INSERT ... ON CONFLICT DO NOTHING`. Returns how many rows were new.
 */
export async function insertMetricPoints(client: pg.ClientBase, runId: string, points: TParsedPoint[]): Promise<number> {
  if (points.length === 0) return 0;
  let lo = points[0]!.offset, hi = lo;
  for (const p of points) { if (p.offset < lo) lo = p.offset; if (p.offset > hi) hi = p.offset; }
  const taken = await client.query(`SELECT 1 FROM metric_points WHERE "runId"=$1 AND "offset" BETWEEN $2 AND $3 LIMIT 1`, [runId, lo, hi]);
  if (taken.rowCount === 0 && new Set(points.map((p) => p.offset)).size === points.length) return copyMetricPoints(client, runId, points);
  return insertMetricPointsSkippingDuplicates(client, runId, points);
}

async function insertMetricPointsSkippingDuplicates(client: pg.ClientBase, runId: string, points: TParsedPoint[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < points.length; i += BATCH) {
    const b = points.slice(i, i + BATCH);
    const r = await client.query(
      `INSERT INTO metric_points ("runId","offset","kind","segment","step","totalSteps","epoch","loss","evalLoss",
         "lr","gradNorm","throughput","totalTokens","elapsedS","remainingS")
       SELECT $1, o, (CASE k WHEN 0 THEN 'TRAIN' WHEN 1 THEN 'EVAL' ELSE 'SUMMARY' END)::"MetricKind", s, st, ts,
              ep, lo, el, lr, gn, th, tt, es, rs
       FROM unnest($2::bigint[], $3::int[], $4::int[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[],
                   $10::float8[], $11::float8[], $12::float8[], $13::bigint[], $14::int[], $15::int[])
            AS t(o, k, s, st, ts, ep, lo, el, lr, gn, th, tt, es, rs)
       ON CONFLICT ("runId","offset") DO NOTHING`,
      [
        runId,
        numArray(b, (p) => p.offset),
        numArray(b, (p) => (p.kind === "TRAIN" ? 0 : p.kind === "EVAL" ? 1 : 2)),
        numArray(b, (p) => p.segment),
        numArray(b, (p) => p.step),
        numArray(b, (p) => p.totalSteps),
        numArray(b, (p) => p.epoch),
        numArray(b, (p) => p.loss),
        numArray(b, (p) => p.evalLoss),
        numArray(b, (p) => p.lr),
        numArray(b, (p) => p.gradNorm),
        numArray(b, (p) => p.throughput),
        numArray(b, (p) => intOrNull(p.totalTokens)),
        numArray(b, (p) => intOrNull(p.elapsedS)),
        numArray(b, (p) => intOrNull(p.remainingS)),
      ],
    );
    inserted += r.rowCount ?? 0;
  }
  return inserted;
}
