// One run for the API/CLI. Raw pg for the float columns (NaN/Infinity survive), Prisma for the rest.
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { toJsonFloat, type TJsonFloat } from "@/lib/metrics/store/float-text";
import { estimateEta } from "@/lib/metrics/estimate-eta";
import { getQueuePositions } from "@/lib/runs/queue-position";
import type { TRunRow } from "@/lib/dashboard/list-runs";
import { iso } from "@/lib/api/schemas/common";
import { getRunEvaluation } from "@/lib/evaluation/get-run-evaluation";
import { apiEvaluation } from "@/lib/evaluation/api-evaluation";

type TFloats = { lastThroughput: number | null; bestEvalLoss: number | null };

export async function getRunDetail(o: { runId: string }) {
  const run = await prisma.run.findUnique({
    where: { id: o.runId },
    include: { stopRequestedBy: { select: { name: true } }, childRuns: { select: { id: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!run) return null;
  const [summary, floats, eta, queue, evaluation] = await Promise.all([
    runSummary(run.id),
    metricsPool().query<TFloats>(`SELECT "lastThroughput", "bestEvalLoss" FROM runs WHERE id = $1`, [run.id]),
    run.totalSteps ? currentEta(run.id, run.segment, run.totalSteps) : Promise.resolve(null),
    run.status === "QUEUED" ? getQueuePositions({ hostId: run.hostId }) : Promise.resolve(null),
    getRunEvaluation(run.id),
  ]);
  const f = floats.rows[0];
  return {
    ...summary,
    url: `${env().APP_URL.replace(/\/$/, "")}/runs/${run.id}`,
    priority: run.priority,
    presetVersionId: run.presetVersionId,
    overrides: (run.overrides ?? {}) as Record<string, unknown>,
    configYaml: run.configYaml,
    outputDir: run.outputDir,
    exitCode: run.exitCode,
    remotePid: run.remotePid,
    stopKind: run.stopKind,
    killStage: run.killStage,
    stopRequestedAt: iso(run.stopRequestedAt),
    stopRequestedByName: run.stopRequestedBy?.name ?? null,
    lastThroughput: toJsonFloat(f?.lastThroughput),
    lastElapsedS: run.lastElapsedS,
    segment: run.segment,
    etaSeconds: eta,
    verdict: run.verdict,
    bestStep: run.bestStep,
    bestEvalLoss: toJsonFloat(f?.bestEvalLoss) as TJsonFloat,
    finalMetrics: run.finalMetrics ?? null,
    parentRunId: run.parentRunId,
    childRunIds: run.childRuns.map((c) => c.id),
    queuePosition: run.executor === "SLURM" ? run.queuePosition : queue?.get(run.id)?.position ?? null,
    executor: run.executor,
    targetId: run.targetId,
    slurmJobId: run.slurmJobId,
    slurmState: run.slurmState,
    queueReason: run.queueReason,
    evaluation: apiEvaluation(evaluation),
  };
}

/** The list row for this run: the runs list's columns, read the same way (raw pg for the floats). */
async function runSummary(runId: string): Promise<Omit<TRunRow, "spark">> {
  const r = await metricsPool().query(
    `SELECT r.id, r.name, r.status, r."hostId", h.name AS "hostName", r."gpuIndices",
            p.id AS "presetId", p.name AS "presetName", pv.version AS "presetVersion",
            r."lastStep", r."totalSteps", r."lastEpoch", r."lastLoss", r."lastEvalLoss",
            r."createdAt", r."startedAt", r."finishedAt", u.name AS "createdByName", r."stopReason",
            left(r."errorExcerpt", 4000) AS "errorExcerpt", r.verdict, r."liveVerdict"->>'verdict' AS "liveVerdict"
       FROM runs r
       JOIN hosts h ON h.id = r."hostId"
       LEFT JOIN preset_versions pv ON pv.id = r."presetVersionId"
       LEFT JOIN presets p ON p.id = pv."presetId"
       LEFT JOIN users u ON u.id = r."createdById"
      WHERE r.id = $1`,
    [runId],
  );
  const x = r.rows[0];
  if (!x) throw new Error(`run ${runId} vanished while being read`);
  return {
    ...x,
    lastLoss: toJsonFloat(x.lastLoss),
    lastEvalLoss: toJsonFloat(x.lastEvalLoss),
    createdAt: x.createdAt.toISOString(),
    startedAt: iso(x.startedAt),
    finishedAt: iso(x.finishedAt),
  };
}

/** ETA from the current segment's (elapsed, step) samples: the last 200 train points are plenty. */
async function currentEta(runId: string, segment: number, totalSteps: number): Promise<number | null> {
  const r = await metricsPool().query<{ step: number; elapsedS: number }>(
    `SELECT step, "elapsedS" FROM (
       SELECT step, "elapsedS" FROM metric_points
        WHERE "runId" = $1 AND kind = 'TRAIN' AND segment = $2 AND "elapsedS" IS NOT NULL
        ORDER BY "offset" DESC LIMIT 200) q ORDER BY step`,
    [runId, segment],
  );
  const eta = estimateEta({ samples: r.rows.map((x) => ({ step: x.step, wallS: x.elapsedS })), totalSteps });
  return eta ? Math.round(eta.remainingS) : null;
}
