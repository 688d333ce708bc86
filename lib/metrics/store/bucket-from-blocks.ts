// Bucketing a large view from metric_blocks (8 KiB of log per block, kept exact by a trigger, see
// the metric_points_pk_and_blocks migration) instead of every raw row: a 1M-point run reads ~30k
// block rows. Blocks fully inside the window and fully visible contribute their pre-aggregated
// stats; the few that are not (window edges, the block a resume cut-off passes through, blocks with
// rows lacking an x) contribute their raw rows, fetched by primary-key offset range. Same output
// columns as the raw bucketing query, so the caller folds rows the same way.
import type pg from "pg";
import type { TXAxis } from "./series-types";

const FIN = (c: string) => `(${c} > '-Infinity'::float8 AND ${c} < 'Infinity'::float8)`;
const NONFIN = (c: string) => `(${c} IS NOT NULL AND NOT ${FIN(c)})`;
const CUT = `($2::float8[])[b.segment + 1]`;
const WALL = `($3::float8[])[b.segment + 1]`;

function blockX(axis: TXAxis): { lo: string; hi: string; nx: string; nf: (s: string) => string } {
  if (axis === "step") return { lo: `b."stepLo"::float8`, hi: `b."stepHi"::float8`, nx: `b.n`, nf: (s) => `b."${s}NfStep"::float8` };
  if (axis === "epoch") return { lo: `b."epochLo"`, hi: `b."epochHi"`, nx: `b."nEpoch"`, nf: (s) => `b."${s}NfEpoch"` };
  return { lo: `(b."elLo" + ${WALL})`, hi: `(b."elHi" + ${WALL})`, nx: `b."nEl"`, nf: (s) => `(b."${s}NfEl" + ${WALL})` };
}

/** Raw x of one metric_points row `m` (its segment's wall offset for the wall axis). */
function rowX(axis: TXAxis): string {
  if (axis === "step") return `m.step::float8`;
  if (axis === "epoch") return `m.epoch`;
  return `(m."elapsedS" + ($3::float8[])[m.segment + 1])`;
}

/**
 * Whether blocks give enough resolution for this view: at least one block per bucket on average
 * (fewer, and whole blocks would land in single buckets, leaving gaps). Params as bucketFromBlocksSql.
 */
export async function blocksResolveView(db: pg.Pool | pg.ClientBase, o: { runId: string; kind: "TRAIN" | "EVAL"; axis: TXAxis;
  cut: string; off: number[]; x0: number; x1: number; buckets: number }): Promise<boolean> {
  const bx = blockX(o.axis);
  const r = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM metric_blocks b
       WHERE b."runId"=$1 AND b.kind='${o.kind}' AND $2::float8[] IS NOT NULL AND $3::float8[] IS NOT NULL
         AND ${bx.lo} <= $5 AND ${bx.hi} >= $4 LIMIT $6) q`,
    [o.runId, o.cut, o.off, o.x0, o.x1, o.buckets],
  );
  return (r.rows[0]?.n ?? 0) >= o.buckets;
}

/**
 * The file offsets a zoom window's train and eval rows lie between (blocks overlapping the window),
 * so the row scan seeks the primary key instead of reading the whole run. Empty window: lo > hi.
 */
export async function offsetWindow(db: pg.Pool | pg.ClientBase, o: { runId: string; axis: TXAxis; off: number[]; x0: number; x1: number }):
  Promise<{ lo: number; hi: number }> {
  const bx = blockX(o.axis);
  const r = await db.query<{ lo: string | null; hi: string | null }>(
    `SELECT min(b."offLo") AS lo, max(b."offHi") AS hi FROM metric_blocks b
      WHERE b."runId"=$1 AND b.kind IN ('TRAIN','EVAL') AND $3::float8[] IS NOT NULL AND ${bx.lo} <= $4 AND ${bx.hi} >= $2`,
    [o.runId, o.x0, o.off, o.x1],
  );
  const lo = Number(r.rows[0]?.lo ?? 0);
  const hi = Number(r.rows[0]?.hi ?? -1);
  // Spliced into SQL by the caller: integers only.
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new RangeError(`offset window out of range: ${lo}..${hi}`);
  return { lo, hi };
}

/**
 * SQL for one kind's buckets. Parameters: $1 runId, $2 cut-offs float8[], $3 wall offsets float8[],
 * $4 x0, $5 x1, $6 bucket width, $7 bucket count. Output per bucket: b, xlo, xhi and for series i
 * mn/mx/av/ct (finite) and nx/ns/nv/nn (non-finite: first x, first step, value, count).
 */
export function bucketFromBlocksSql(kind: "TRAIN" | "EVAL", axis: TXAxis, cols: { name: string; col: string }[]): string {
  const bx = blockX(axis);
  const X = rowX(axis);
  const whole = `(b."stepHi" < ${CUT} AND ${bx.lo} >= $4 AND ${bx.hi} <= $5 AND ${bx.nx} = b.n)`;
  const fromBlocks = cols.map((c, i) =>
    `b."${c.name}Mn" AS mn${i}, b."${c.name}Mx" AS mx${i}, b."${c.name}Sum" AS sm${i}, b."${c.name}Ct" AS ct${i},
     b."${c.name}NfN" AS nn${i}, ${bx.nf(c.name)} AS nx${i}, b."${c.name}NfStep" AS ns${i}, b."${c.name}NfV" AS nv${i}`).join(",\n");
  const fromRows = cols.map((c, i) => {
    const v = `p.${c.col}`;
    return `CASE WHEN ${FIN(v)} THEN ${v} END, CASE WHEN ${FIN(v)} THEN ${v} END, CASE WHEN ${FIN(v)} THEN ${v} END,
     (${FIN(v)})::int, (${NONFIN(v)})::int, CASE WHEN ${NONFIN(v)} THEN p.x END, CASE WHEN ${NONFIN(v)} THEN p.step END,
     CASE WHEN ${NONFIN(v)} THEN ${v} END AS nv${i}`;
  }).join(",\n");
  const aggs = cols.map((_, i) =>
    `min(mn${i}) AS mn${i}, max(mx${i}) AS mx${i}, sum(sm${i}) / NULLIF(sum(ct${i}), 0) AS av${i}, sum(ct${i})::int AS ct${i},
     min(nx${i}) AS nx${i}, min(ns${i}) AS ns${i}, max(nv${i}) AS nv${i}, sum(nn${i})::int AS nn${i}`).join(",\n");
  return `
    WITH b AS (
      SELECT b.*, ${bx.lo} AS xlo, ${bx.hi} AS xhi, ${whole} AS whole
      FROM metric_blocks b
      WHERE b."runId"=$1 AND b.kind='${kind}' AND ${bx.lo} <= $5 AND ${bx.hi} >= $4 AND b."stepLo" < ${CUT}
        AND $3::float8[] IS NOT NULL),
    u AS (
      SELECT (b.xlo + b.xhi) / 2 AS xm, b.xlo, b.xhi, ${fromBlocks} FROM b WHERE b.whole
      UNION ALL
      SELECT p.x, p.x, p.x, ${fromRows}
      FROM b CROSS JOIN LATERAL (
        SELECT m.step, ${X} AS x, ${cols.map((c) => `m.${c.col}`).join(", ")} FROM metric_points m
        WHERE m."runId"=$1 AND m."offset" BETWEEN b."offLo" AND b."offHi" AND m.kind='${kind}' AND m.segment=b.segment) p
      WHERE NOT b.whole AND p.step < ${CUT} AND p.x >= $4 AND p.x <= $5)
    SELECT LEAST(floor((xm - $4) / $6)::int, $7::int - 1) AS b, min(xlo) AS xlo, max(xhi) AS xhi, ${aggs}
    FROM u GROUP BY 1 ORDER BY 1`;
}
