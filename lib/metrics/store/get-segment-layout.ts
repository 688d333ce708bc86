import type pg from "pg";
import { buildSegmentLayout, type TSegmentLayout, type TSegmentStat } from "./segment-layout";

/** Edge rows of one (segment, kind): enough to find visibility and the x range without a scan. */
export type TEdgeRow = { segment: number; step: number; epoch: number | null; elapsedS: number | null };

export type TRunLayout = TSegmentLayout & { first: TEdgeRow[]; last: TEdgeRow[] };

/**
 * Reads per-segment first/last rows through the (runId, kind, segment, step) index: a handful of
 * index probes however many points the run has.
 */
export async function getSegmentLayout(db: pg.ClientBase | pg.Pool, runId: string): Promise<TRunLayout> {
  const top = await db.query<{ segment: number }>(
    `SELECT max(s) AS segment FROM (
       SELECT (SELECT segment FROM metric_points WHERE "runId"=$1 AND kind=k ORDER BY segment DESC LIMIT 1) AS s
       FROM unnest(ARRAY['TRAIN','EVAL','SUMMARY']::"MetricKind"[]) AS k) q`,
    [runId],
  );
  const maxSeg = top.rows[0]?.segment;
  if (maxSeg === null || maxSeg === undefined) return { ...buildSegmentLayout([]), first: [], last: [] };
  const r = await db.query<{ segment: number; lo_step: number; lo_epoch: number | null; lo_el: number | null;
    hi_step: number; hi_epoch: number | null; hi_el: number | null }>(
    `SELECT s.seg AS segment, lo.step AS lo_step, lo.epoch AS lo_epoch, lo."elapsedS" AS lo_el,
            hi.step AS hi_step, hi.epoch AS hi_epoch, hi."elapsedS" AS hi_el
     FROM generate_series(0, $2::int) AS s(seg)
     CROSS JOIN unnest(ARRAY['TRAIN','EVAL','SUMMARY']::"MetricKind"[]) AS k(kind)
     CROSS JOIN LATERAL (SELECT step, epoch, "elapsedS" FROM metric_points m
                         WHERE m."runId"=$1 AND m.kind=k.kind AND m.segment=s.seg ORDER BY step ASC LIMIT 1) lo
     CROSS JOIN LATERAL (SELECT step, epoch, "elapsedS" FROM metric_points m
                         WHERE m."runId"=$1 AND m.kind=k.kind AND m.segment=s.seg ORDER BY step DESC LIMIT 1) hi`,
    [runId, maxSeg],
  );
  const stats = new Map<number, TSegmentStat>();
  const first: TEdgeRow[] = [];
  const last: TEdgeRow[] = [];
  for (const row of r.rows) {
    const cur = stats.get(row.segment);
    const el = Math.max(row.hi_el ?? 0, row.lo_el ?? 0);
    stats.set(row.segment, {
      segment: row.segment,
      minStep: Math.min(cur?.minStep ?? Infinity, row.lo_step),
      maxStep: Math.max(cur?.maxStep ?? -Infinity, row.hi_step),
      lastElapsedS: Math.max(cur?.lastElapsedS ?? 0, el),
    });
    first.push({ segment: row.segment, step: row.lo_step, epoch: row.lo_epoch, elapsedS: row.lo_el });
    last.push({ segment: row.segment, step: row.hi_step, epoch: row.hi_epoch, elapsedS: row.hi_el });
  }
  return { ...buildSegmentLayout([...stats.values()]), first, last };
}
