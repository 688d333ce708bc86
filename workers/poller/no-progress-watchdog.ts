// The no-progress watchdog. LLaMA-Factory sets ddp_timeout: 180000000, so a hung rank (NCCL deadlock,
// a dead node in the group) never times out: the process stays alive, holds its GPUs and writes
// nothing. When neither trainer_log.jsonl nor the console has grown for NO_PROGRESS_ALERT_MS, the run
// gets one alert (timeline + webhooks) per silence. Everything it needs is in Postgres (the last
// ingest time, console chunk times, earlier alerts), so a restarted worker neither forgets a silence
// nor repeats its alert.
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { addRunEvent } from "@/lib/runs/run-events";

export const NO_PROGRESS_RULE = "noProgress";

/** Last time the run's files grew, as stored: the later of the last log ingest, the last console chunk and the start. */
async function lastProgressAt(runId: string): Promise<number | null> {
  const r = await metricsPool().query<{ t: Date | null }>(
    `SELECT GREATEST("lastPolledAt", "startedAt", (SELECT max("createdAt") FROM console_chunks WHERE "runId"=$1)) AS t FROM runs WHERE id=$1`, [runId]);
  return r.rows[0]?.t?.getTime() ?? null;
}

/**
 * Called after a poll of a RUNNING run that found no new bytes. `known` is the poller's cached last
 * progress time (undefined after a restart); returns the value to cache.
 */
export async function checkNoProgress(o: { runId: string; lastStep: number | null; known: number | undefined }): Promise<number | undefined> {
  const since = o.known ?? (await lastProgressAt(o.runId)) ?? undefined;
  if (since === undefined) return undefined;
  const silentMs = Date.now() - since;
  if (silentMs < env().NO_PROGRESS_ALERT_MS) return since;
  const already = await prisma.runEvent.count({
    where: { runId: o.runId, type: "RULE_ALERT", createdAt: { gte: new Date(since) }, data: { path: ["rule"], equals: NO_PROGRESS_RULE } },
  });
  if (already > 0) return since;
  const min = Math.round(silentMs / 60_000);
  await addRunEvent({
    runId: o.runId, type: "RULE_ALERT",
    message: `No progress for ${min} min${o.lastStep !== null ? ` (last logged step ${o.lastStep})` : ""}: neither trainer_log.jsonl nor the console has grown while the process is alive. A rank may be hung (LLaMA-Factory's ddp_timeout never expires); check nvidia-smi on the host, or kill the run and resume from its last checkpoint.`,
    data: { rule: NO_PROGRESS_RULE, step: o.lastStep, silentMs },
  });
  return since;
}
