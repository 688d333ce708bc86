import type pg from "pg";
import { toFloatText } from "./float-text";
import { blocksResolveView, bucketFromBlocksSql, offsetWindow } from "./bucket-from-blocks";
import { getSegmentLayout, type TEdgeRow, type TRunLayout } from "./get-segment-layout";
import { SERIES, type TRunSeries, type TSeriesData, type TSeriesName, type TXAxis } from "./series-types";

export type TGetRunSeriesOpts = {
  runId: string;
  xAxis: TXAxis;
  /** Zoom window in x units; omitted = the whole run. */
  x0?: number;
  x1?: number;
  /** Above this many points in the window the server buckets (min/max + mean per bucket). */
  maxPoints?: number;
};

const COLS: Record<TSeriesName, { col: string; kind: "TRAIN" | "EVAL" }> = {
  loss: { col: `"loss"`, kind: "TRAIN" },
  evalLoss: { col: `"evalLoss"`, kind: "EVAL" },
  lr: { col: `"lr"`, kind: "TRAIN" },
  gradNorm: { col: `"gradNorm"`, kind: "TRAIN" },
  throughput: { col: `"throughput"`, kind: "TRAIN" },
};

function xSql(axis: TXAxis): string {
  if (axis === "step") return `step::float8`;
  if (axis === "epoch") return `epoch`;
  return `("elapsedS" + ($3::float8[])[segment + 1])`;
}

function xOf(axis: TXAxis, row: TEdgeRow, layout: TRunLayout): number | null {
  if (axis === "step") return row.step;
  if (axis === "epoch") return row.epoch;
  return row.elapsedS === null ? null : row.elapsedS + (layout.wallOffset[row.segment] ?? 0);
}

function fullRange(axis: TXAxis, layout: TRunLayout): { x0: number; x1: number } | null {
  const vis = (r: TEdgeRow) => r.step < (layout.cutoff[r.segment] ?? Infinity);
  const xs0 = layout.first.filter(vis).map((r) => xOf(axis, r, layout)).filter((x): x is number => x !== null);
  const xs1 = layout.last.filter(vis).map((r) => xOf(axis, r, layout)).filter((x): x is number => x !== null);
  if (xs0.length === 0 || xs1.length === 0) return null;
  return { x0: Math.min(...xs0), x1: Math.max(...xs1) };
}

const FIN = (c: string) => `(${c} > '-Infinity'::float8 AND ${c} < 'Infinity'::float8)`;
const NONFIN = (c: string) => `(${c} IS NOT NULL AND NOT ${FIN(c)})`;

function emptySeries(): Record<TSeriesName, TSeriesData> {
  return Object.fromEntries(SERIES.map((s) => [s, { points: [], means: null, nonFinite: [] }])) as unknown as Record<TSeriesName, TSeriesData>;
}

const asNonFinite = (v: number) => toFloatText(v) as "NaN" | "Infinity" | "-Infinity";

/**
 * Chart data for one run and one view. At most ~maxPoints points per series whatever the run's size:
 * beyond that each of ~maxPoints/2 buckets yields its min and max (spikes survive) and its mean
 * (the smoothed line), and non-finite values are kept as per-bucket markers.
 */
export async function getRunSeries(db: pg.Pool | pg.ClientBase, opts: TGetRunSeriesOpts): Promise<TRunSeries> {
  const maxPoints = opts.maxPoints ?? 2000;
  const layout = await getSegmentLayout(db, opts.runId);
  const lastOff = await db.query<{ o: string | null }>(`SELECT max("offset") AS o FROM metric_points WHERE "runId"=$1`, [opts.runId]);
  const base: TRunSeries = {
    runId: opts.runId, xAxis: opts.xAxis, range: null, bucketed: false, pointCount: 0,
    lastOffset: Number(lastOff.rows[0]?.o ?? -1), segments: layout.segments, series: emptySeries(),
  };
  const full = fullRange(opts.xAxis, layout);
  if (!full) return base;
  const x0 = opts.x0 ?? full.x0;
  const x1 = Math.max(opts.x1 ?? full.x1, x0);
  const range = { x0, x1 };
  // float8[] literal: 'Infinity' needs no per-row cast, and one segment needs no visibility test at all.
  const cut = `{${layout.cutoff.map((c) => toFloatText(c)).join(",")}}`;
  const visible = layout.segments > 1 ? `AND step < ($2::float8[])[segment + 1]` : `AND $2::float8[] IS NOT NULL`;
  const off = layout.wallOffset;
  const X = xSql(opts.xAxis);
  // `$3 IS NOT NULL` only types the wall-offset parameter for axes that do not use it (a one-time filter).
  // A zoomed view reads only the offset range its blocks span, through the primary key.
  const zoomed = opts.x0 !== undefined || opts.x1 !== undefined;
  const win = zoomed ? await offsetWindow(db, { runId: opts.runId, axis: opts.xAxis, off, x0, x1 }) : null;
  const offsets = win ? `AND "offset" BETWEEN ${win.lo} AND ${win.hi}` : "";
  const where = `"runId"=$1 AND kind IN ('TRAIN','EVAL') ${visible}
                 AND $3::float8[] IS NOT NULL AND ${X} >= $4 AND ${X} <= $5 ${offsets}`;
  const probe = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM metric_points WHERE ${where} LIMIT $6) q`,
    [opts.runId, cut, off, x0, x1, maxPoints + 1],
  );
  const n = probe.rows[0]?.n ?? 0;
  const out: TRunSeries = { ...base, range, pointCount: n };
  if (n <= maxPoints) {
    await fillRaw(db, out, where, X, [opts.runId, cut, off, x0, x1]);
    return out;
  }
  await fillBucketed(db, out, where, X, [opts.runId, cut, off, x0, x1], Math.max(1, Math.floor(maxPoints / 2)), opts.xAxis);
  return out;
}

async function fillRaw(db: pg.Pool | pg.ClientBase, out: TRunSeries, where: string, X: string, params: unknown[]) {
  const r = await db.query<Record<string, number | null> & { kind: string; step: number; x: number }>(
    `SELECT kind, step, ${X} AS x, loss, "evalLoss", lr, "gradNorm", throughput
     FROM metric_points WHERE ${where} ORDER BY x, "offset"`,
    params,
  );
  for (const row of r.rows) {
    for (const name of SERIES) {
      if (COLS[name].kind !== row.kind) continue;
      const v = row[name];
      if (v === null || v === undefined) continue;
      const s = out.series[name];
      if (Number.isFinite(v)) s.points.push({ x: row.x, y: v });
      else s.nonFinite.push({ x: row.x, step: row.step, value: asNonFinite(v), count: 1 });
    }
  }
}

async function fillBucketed(db: pg.Pool | pg.ClientBase, out: TRunSeries, where: string, X: string,
  params: unknown[], buckets: number, axis: TXAxis) {
  out.bucketed = true;
  const [x0, x1] = [params[3] as number, params[4] as number];
  const width = (x1 - x0) / buckets || 1;
  // Train and eval series live in different rows: two narrower scans, run side by side when db is a pool.
  await Promise.all((["TRAIN", "EVAL"] as const).map(async (kind) => {
    const names = SERIES.filter((n) => COLS[n].kind === kind);
    const aggs = names.map((name, i) => {
      const c = COLS[name].col;
      return `min(${c}) FILTER (WHERE ${FIN(c)}) AS mn${i}, max(${c}) FILTER (WHERE ${FIN(c)}) AS mx${i},
              avg(${c}) FILTER (WHERE ${FIN(c)}) AS av${i}, count(${c}) FILTER (WHERE ${FIN(c)})::int AS ct${i},
              min(x) FILTER (WHERE ${NONFIN(c)}) AS nx${i}, min(step) FILTER (WHERE ${NONFIN(c)}) AS ns${i},
              max(${c}) FILTER (WHERE ${NONFIN(c)}) AS nv${i}, count(*) FILTER (WHERE ${NONFIN(c)})::int AS nn${i}`;
    }).join(",\n");
    const useBlocks = await blocksResolveView(db, { runId: params[0] as string, kind, axis, cut: params[1] as string,
      off: params[2] as number[], x0, x1, buckets });
    const sql = useBlocks
      ? bucketFromBlocksSql(kind, axis, names.map((n) => ({ name: n, col: COLS[n].col })))
      : `WITH p AS (SELECT step, ${X} AS x, ${names.map((n) => COLS[n].col).join(", ")} FROM metric_points
                  WHERE ${where.replace("kind IN ('TRAIN','EVAL')", `kind='${kind}'`)})
       SELECT LEAST(floor((x - $4) / $6)::int, $7::int - 1) AS b, min(x) AS xlo, max(x) AS xhi, ${aggs}
       FROM p GROUP BY 1 ORDER BY 1`;
    const r = await db.query<Record<string, number | null>>(sql, [...params, width, buckets]);
    for (const row of r.rows) {
      const xmid = ((row.xlo ?? 0) + (row.xhi ?? 0)) / 2;
      names.forEach((name, i) => {
        const s = out.series[name];
        const ct = row[`ct${i}`] ?? 0;
        if (ct > 0) {
          const mn = row[`mn${i}`]!, mx = row[`mx${i}`]!;
          s.points.push({ x: xmid, y: mn });
          if (mx !== mn) s.points.push({ x: xmid, y: mx });
          (s.means ??= []).push({ x: xmid, y: row[`av${i}`]!, n: ct });
        }
        const nn = row[`nn${i}`] ?? 0;
        if (nn > 0) s.nonFinite.push({ x: row[`nx${i}`]!, step: row[`ns${i}`]!, value: asNonFinite(row[`nv${i}`]!), count: nn });
      });
    }
  }));
  for (const name of SERIES) out.series[name].means ??= [];
}
