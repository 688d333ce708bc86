import type pg from "pg";
import { buildSegmentLayout, type TSegmentLayout, type TSegmentStat } from "./segment-layout";

/** Edge rows of one (segment, kind): enough to find visibility and the x range without a scan. */
export type TEdgeRow = { segment: number; step: number; epoch: number | null; elapsedS: number | null };

export type TRunLayout = TSegmentLayout & { first: TEdgeRow[]; last: TEdgeRow[] };

/**
 * Per-segment first/last rows from the first and last metric_blocks row of each (kind, segment):
 * within a segment step, epoch and elapsed time only grow with the offset, so a block's Lo/Hi are
 * its first/last row's values. A handful of index probes however many points the run has.
 */
export async function getSegmentLayout(db: pg.ClientBase | pg.Pool, runId: string): Promise<TRunLayout> {
  const top = await db.query<{ segment: number }>(
    `SELECT max(s) AS segment FROM (
       SELECT (SELECT segment FROM metric_blocks WHERE "runId"=$1 AND kind=k ORDER BY segment DESC LIMIT 1) AS s
       FROM unnest(ARRAY['TRAIN','EVAL','SUMMARY']::"MetricKind"[]) AS k) q`,
    [runId],
  );
  const maxSeg = top.rows[0]?.segment;
  if (maxSeg === null || maxSeg === undefined) return { ...buildSegmentLayout([]), first: [], last: [] };
  const r = await db.query<{ segment: number; lo_step: number; lo_epoch: number | null; lo_el: number | null;
    hi_step: number; hi_epoch: number | null; hi_el: number | null }>(
    `SELECT s.seg AS segment, lo."stepLo" AS lo_step, lo."epochLo" AS lo_epoch, lo."elLo" AS lo_el,
            hi."stepHi" AS hi_step, hi."epochHi" AS hi_epoch, hi."elHi" AS hi_el
     FROM generate_series(0, $2::int) AS s(seg)
     CROSS JOIN unnest(ARRAY['TRAIN','EVAL','SUMMARY']::"MetricKind"[]) AS k(kind)
     CROSS JOIN LATERAL (SELECT "stepLo", "epochLo", "elLo" FROM metric_blocks b
                         WHERE b."runId"=$1 AND b.kind=k.kind AND b.segment=s.seg ORDER BY blk ASC LIMIT 1) lo
     CROSS JOIN LATERAL (SELECT "stepHi", "epochHi", "elHi" FROM metric_blocks b
                         WHERE b."runId"=$1 AND b.kind=k.kind AND b.segment=s.seg ORDER BY blk DESC LIMIT 1) hi`,
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
