import { prisma } from "@/lib/db";
import type { RunStatus } from "@/lib/generated/prisma/enums";

/** Statuses a run never leaves: its history is complete and can be replayed. */
export const FINAL_STATUSES: readonly RunStatus[] = ["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED", "IMPORTED"];

export type TFinishedRun = {
  id: string; name: string; status: RunStatus; host: string; gpus: number;
  lastStep: number | null; totalSteps: number | null; verdict: string | null; finishedAt: string | null;
};

/** Newest first; runs that never logged a step have nothing to replay and are left out. */
export async function listFinishedRuns(opts: { limit?: number } = {}): Promise<TFinishedRun[]> {
  const rows = await prisma.run.findMany({
    where: { status: { in: [...FINAL_STATUSES] }, lastStep: { not: null } },
    orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    take: opts.limit ?? 200,
    select: { id: true, name: true, status: true, gpuIndices: true, lastStep: true, totalSteps: true, verdict: true, finishedAt: true, host: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id, name: r.name, status: r.status, host: r.host.name, gpus: r.gpuIndices.length,
    lastStep: r.lastStep, totalSteps: r.totalSteps, verdict: r.verdict, finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}
