// The one way a run reaches a terminal status: a conditional update (only the first finisher wins,
// whether supervisor, kill ladder or launch), then GPUs are released and the host queue kicked.
import { prisma, type KillStage, type RunStatus } from "@/lib/db";
import { addRunEvent } from "@/lib/runs/run-events";
import { kickHostQueue } from "@/lib/runs/kick-host-queue";
import { ACTIVE_STATUSES } from "@/lib/runs/run-host";
import { createLogger } from "@/lib/logger";
import { assertFencePrisma, LeaseLostError, type TLeaseFence } from "@/lib/fleet/fence";

const log = createLogger("RUN FINISH");

export async function finishRun(o: {
  runId: string;
  status: Extract<RunStatus, "SUCCEEDED" | "FAILED" | "STOPPED" | "STOPPED_EARLY" | "KILLED" | "CANCELLED">;
  message: string;
  exitCode?: number | null;
  errorExcerpt?: string | null;
  killStage?: KillStage;
  from?: readonly RunStatus[];
  /** The supervisor's host lease: a worker that lost the host does not finish its runs. */
  fence?: TLeaseFence;
}): Promise<boolean> {
  const won = await prisma.$transaction(async (tx) => {
    if (o.fence) await assertFencePrisma(tx, o.fence);
    const r = await tx.run.updateMany({
      where: { id: o.runId, status: { in: [...(o.from ?? ACTIVE_STATUSES)] } },
      data: {
        status: o.status,
        finishedAt: new Date(),
        ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}),
        ...(o.errorExcerpt !== undefined ? { errorExcerpt: o.errorExcerpt } : {}),
        ...(o.killStage ? { killStage: o.killStage, killStageAt: new Date() } : {}),
      },
    });
    if (r.count !== 1) return false;
    // Same transaction: a crash right after can never leave a finished run holding GPUs.
    const leased = await tx.gpuLease.findMany({ where: { runId: o.runId }, select: { hostId: true }, distinct: ["hostId"] });
    await tx.gpuLease.deleteMany({ where: { runId: o.runId } });
    await addRunEvent({ runId: o.runId, type: "STATUS_CHANGED", message: o.message, data: { status: o.status, exitCode: o.exitCode ?? null } }, tx);
    const run = await tx.run.findUniqueOrThrow({ where: { id: o.runId }, select: { hostId: true } });
    // A multi-node run frees GPUs on every node's host: each host's queue may start its next run.
    return [...new Set([run.hostId, ...leased.map((l) => l.hostId)])];
  }).catch((e: unknown) => {
    if (e instanceof LeaseLostError) {
      log.info("not finished: the host's lease moved to another worker", { runId: o.runId });
      return false as const;
    }
    throw e;
  });
  if (!won) return false;
  for (const hostId of won) await kickHostQueue({ hostId }).catch((e) => log.warn("queue kick failed; the supervisor sweep retries", { hostId, err: e as Error }));
  return true;
}
