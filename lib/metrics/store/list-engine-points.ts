import type pg from "pg";
import type { TEnginePoint } from "@/lib/rules/types";

/**
 * Every stored point of a run in file order, for replaying the rules engine after a worker restart.
 * Paged by offset so a 1M-point run never sits in one result set.
 */
export async function* listEnginePoints(db: pg.Pool | pg.ClientBase, runId: string, pageSize = 50_000): AsyncGenerator<TEnginePoint[]> {
  let after = -1;
  for (;;) {
    const r = await db.query<{ offset: string; kind: TEnginePoint["kind"]; step: number; segment: number; totalSteps: number | null;
      loss: number | null; evalLoss: number | null; lr: number | null; epoch: number | null }>(
      `SELECT "offset", kind, step, segment, "totalSteps", loss, "evalLoss", lr, epoch FROM metric_points
       WHERE "runId"=$1 AND "offset" > $2 ORDER BY "offset" LIMIT $3`,
      [runId, after, pageSize],
    );
    if (r.rows.length === 0) return;
    after = Number(r.rows[r.rows.length - 1]!.offset);
    yield r.rows.map((p) => ({ kind: p.kind, step: p.step, segment: p.segment, totalSteps: p.totalSteps, loss: p.loss, evalLoss: p.evalLoss, lr: p.lr, epoch: p.epoch }));
    if (r.rows.length < pageSize) return;
  }
}
