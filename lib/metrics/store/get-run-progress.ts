import type pg from "pg";
import { estimateEta } from "@/lib/metrics/estimate-eta";
import { toJsonFloat, type TJsonFloat } from "./float-text";

export type TRunProgress = {
  status: string;
  lastStep: number | null;
  totalSteps: number | null;
  epoch: number | null;
  loss: TJsonFloat;
  evalLoss: TJsonFloat;
  throughput: number | null;
  /** Seconds of training across all resume segments. */
  elapsedS: number | null;
  /** Our ETA from the current segment's own pace (LLaMA-Factory's is wrong after a resume). */
  etaS: number | null;
  stepsPerS: number | null;
  segment: number;
  logOffset: number;
  consoleOffset: number;
  lastPolledAt: string | null;
};

/** Header/progress numbers of a run, read raw so a NaN last loss shows as NaN (Prisma would say null). */
export async function getRunProgress(db: pg.Pool | pg.ClientBase, runId: string): Promise<TRunProgress | null> {
  const r = await db.query<{ status: string; lastStep: number | null; totalSteps: number | null; lastEpoch: number | null; lastLoss: number | null;
    lastEvalLoss: number | null; lastThroughput: number | null; segment: number; logOffset: string; consoleOffset: string; lastPolledAt: Date | null;
    parentRunId: string | null }>(
    `SELECT status, "lastStep", "totalSteps", "lastEpoch", "lastLoss", "lastEvalLoss", "lastThroughput", segment, "logOffset",
            "consoleOffset", "lastPolledAt", "parentRunId" FROM runs WHERE id=$1`, [runId]);
  const run = r.rows[0];
  if (!run) return null;
  // Recent (step, elapsed) samples of the current segment, newest last: the current segment is the
  // file's tail, so a backward primary-key scan (step grows with the offset within a segment).
  const s = await db.query<{ step: number; elapsedS: number | null; totalTokens: string | null }>(
    `SELECT step, "elapsedS", "totalTokens" FROM metric_points WHERE "runId"=$1 AND kind='TRAIN' AND segment=$2 ORDER BY "offset" DESC LIMIT 400`,
    [runId, run.segment]);
  const samples = s.rows.filter((x) => x.elapsedS !== null).reverse().map((x) => ({ step: x.step, wallS: x.elapsedS! }));
  // Earlier segments' training time: each one's last elapsed, i.e. its largest (elapsed only grows within a segment).
  const prev = await db.query<{ s: number | null }>(
    `SELECT sum(m)::float8 AS s FROM (SELECT max("elHi") AS m FROM metric_blocks
       WHERE "runId"=$1 AND kind='TRAIN' AND segment < $2 GROUP BY segment) q`, [runId, run.segment]);
  const eta = run.totalSteps ? estimateEta({ samples, totalSteps: run.totalSteps }) : null;
  const cur = samples.at(-1)?.wallS ?? null;
  return {
    status: run.status, lastStep: run.lastStep, totalSteps: run.totalSteps, epoch: run.lastEpoch,
    loss: toJsonFloat(run.lastLoss), evalLoss: toJsonFloat(run.lastEvalLoss),
    throughput: run.segment > 0 || run.parentRunId !== null ? resumedThroughput(s.rows) ?? run.lastThroughput : run.lastThroughput,
    elapsedS: cur === null ? null : cur + (prev.rows[0]?.s ?? 0),
    etaS: eta ? eta.remainingS : null, stepsPerS: eta ? eta.stepsPerS : null,
    segment: run.segment, logOffset: Number(run.logOffset), consoleOffset: Number(run.consoleOffset),
    lastPolledAt: run.lastPolledAt ? run.lastPolledAt.toISOString() : null,
  };
}

/**
 * Tokens/s of a resumed segment from its own lines. LLaMA-Factory's `throughput` is
 * total_tokens / elapsed_time, but after a resume total_tokens counts the tokens before the
 * checkpoint too (restored from trainer_state) while elapsed_time restarts at 0, so the figure comes
 * out inflated. Two lines of the segment give the true rate: Δtotal_tokens / Δelapsed.
 * `rows` are newest first; null until the segment has two lines a second or more apart.
 */
export function resumedThroughput(rows: { elapsedS: number | null; totalTokens: string | number | null }[]): number | null {
  const usable = rows.filter((r) => r.elapsedS !== null && r.totalTokens !== null);
  const last = usable[0], first = usable.at(-1);
  if (!last || !first || last === first) return null;
  const dt = last.elapsedS! - first.elapsedS!;
  const dTok = Number(last.totalTokens) - Number(first.totalTokens);
  return dt >= 1 && dTok >= 0 ? Math.round((dTok / dt) * 100) / 100 : null;
}
