import type pg from "pg";
import { toJsonFloat } from "./float-text";
import { getSegmentLayout } from "./get-segment-layout";
import type { TLivePoint } from "./series-types";

/**
 * Points ingested after `afterOffset`, oldest first: what a live page appends. Carries x for every
 * axis so the client can switch axes without refetching.
 */
export async function listPointsAfter(db: pg.Pool | pg.ClientBase, o: { runId: string; afterOffset: number; limit?: number }):
  Promise<{ points: TLivePoint[]; segments: number; more: boolean }> {
  const limit = o.limit ?? 5000;
  const layout = await getSegmentLayout(db, o.runId);
  const r = await db.query<{ offset: string; kind: TLivePoint["kind"]; segment: number; step: number; epoch: number | null;
    elapsedS: number | null; loss: number | null; evalLoss: number | null; lr: number | null; gradNorm: number | null;
    throughput: number | null }>(
    `SELECT "offset", kind, segment, step, epoch, "elapsedS", loss, "evalLoss", lr, "gradNorm", throughput
     FROM metric_points WHERE "runId"=$1 AND "offset" > $2 ORDER BY "offset" LIMIT $3`,
    [o.runId, o.afterOffset, limit + 1],
  );
  const rows = r.rows.slice(0, limit);
  return {
    more: r.rows.length > limit,
    segments: layout.segments,
    points: rows.map((p) => ({
      offset: Number(p.offset),
      kind: p.kind,
      segment: p.segment,
      step: p.step,
      x: { step: p.step, epoch: p.epoch, wall: p.elapsedS === null ? null : p.elapsedS + (layout.wallOffset[p.segment] ?? 0) },
      loss: toJsonFloat(p.loss),
      evalLoss: toJsonFloat(p.evalLoss),
      lr: toJsonFloat(p.lr),
      gradNorm: toJsonFloat(p.gradNorm),
      throughput: toJsonFloat(p.throughput),
    })),
  };
}
