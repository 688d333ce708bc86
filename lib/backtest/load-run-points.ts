// A finished run's stored history for the backtest: points through raw pg (Prisma would turn the
// NaN losses into null, and those are the points the non-finite rule needs), the rest through Prisma.
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listEnginePoints } from "@/lib/metrics/store/list-engine-points";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import type { TEnginePoint } from "@/lib/rules/types";
import { FINAL_STATUSES } from "./list-finished-runs";

export type TStoredRun = { id: string; name: string; gpus: number; durationS: number | null; points: TEnginePoint[]; endedByHand: "killed" | "stopped" | null };

export async function loadRunPoints(opts: { runId: string }): Promise<TStoredRun> {
  const run = await prisma.run.findUnique({
    where: { id: opts.runId },
    select: { id: true, name: true, status: true, gpuIndices: true, startedAt: true, finishedAt: true },
  });
  if (!run) throw new AppError("not_found", `No run ${opts.runId}.`, "runIds");
  if (!FINAL_STATUSES.includes(run.status)) throw new AppError("invalid", `Run ${run.name} is ${run.status.toLowerCase()}, not finished.`, "runIds");
  const points: TEnginePoint[] = [];
  for await (const page of listEnginePoints(metricsPool(), run.id)) points.push(...page);
  // GPUs are held from start to finish (model loading included); without both times, fall back to
  // the training time the log reports.
  let durationS = run.startedAt && run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : null;
  if (durationS === null || durationS <= 0) {
    const r = await metricsPool().query<{ s: number | null }>(
      `SELECT sum(m)::float8 AS s FROM (SELECT max("elHi") AS m FROM metric_blocks WHERE "runId"=$1 GROUP BY segment) q`, [run.id]);
    durationS = r.rows[0]?.s ?? null;
  }
  // KILLED and STOPPED are a person's decision (early stops by a rule are STOPPED_EARLY).
  const endedByHand = run.status === "KILLED" ? "killed" : run.status === "STOPPED" ? "stopped" : null;
  return { id: run.id, name: run.name, gpus: Math.max(1, run.gpuIndices.length), durationS, points, endedByHand };
}
