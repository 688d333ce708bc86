import type pg from "pg";
import type { TParsedPoint } from "@/lib/logs/types";
import { toFloatText } from "./float-text";

// Rows per statement: large enough to amortise the round trip, small enough to keep the
// parameter arrays well under pg's message limits.
const BATCH = 5000;

/**
 * Bulk-inserts parsed points with one `unnest` statement per batch. (runId, offset) is unique, so a
 * batch replayed after a crash inserts nothing twice. Floats travel as text so NaN/Infinity survive.
 * Returns how many rows were new.
 */
export async function insertMetricPoints(client: pg.ClientBase, runId: string, points: TParsedPoint[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < points.length; i += BATCH) {
    const batch = points.slice(i, i + BATCH);
    const col = <T>(f: (p: TParsedPoint) => T): T[] => batch.map(f);
    const r = await client.query(
      `INSERT INTO metric_points ("runId","offset","kind","segment","step","totalSteps","epoch","loss","evalLoss",
         "lr","gradNorm","throughput","totalTokens","elapsedS","remainingS")
       SELECT $1, o, k::"MetricKind", s, st, ts, ep::float8, lo::float8, el::float8, lr::float8, gn::float8,
              th::float8, tt, es, rs
       FROM unnest($2::bigint[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::bigint[], $14::int[], $15::int[])
            AS t(o, k, s, st, ts, ep, lo, el, lr, gn, th, tt, es, rs)
       ON CONFLICT ("runId","offset") DO NOTHING`,
      [
        runId,
        col((p) => p.offset),
        col((p) => p.kind),
        col((p) => p.segment),
        col((p) => p.step),
        col((p) => p.totalSteps),
        col((p) => toFloatText(p.epoch)),
        col((p) => toFloatText(p.loss)),
        col((p) => toFloatText(p.evalLoss)),
        col((p) => toFloatText(p.lr)),
        col((p) => toFloatText(p.gradNorm)),
        col((p) => toFloatText(p.throughput)),
        col((p) => (p.totalTokens === null ? null : Math.round(p.totalTokens))),
        col((p) => (p.elapsedS === null ? null : Math.round(p.elapsedS))),
        col((p) => (p.remainingS === null ? null : Math.round(p.remainingS))),
      ],
    );
    inserted += r.rowCount ?? 0;
  }
  return inserted;
}
