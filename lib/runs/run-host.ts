// Loads a run with its host connection row (worker side only) and, for Slurm runs, its cluster.
import { prisma } from "@/lib/db";

export async function loadRunWithHost(runId: string) {
  return prisma.run.findUnique({
    where: { id: runId },
    include: {
      host: { select: { id: true, name: true, address: true, port: true, username: true, privateKeyEnc: true, hostKeyFingerprint: true } },
      slurmCluster: { select: { id: true, name: true, partition: true, account: true, qos: true, timeLimitMin: true } },
    },
  });
}
export type TRunWithHost = NonNullable<Awaited<ReturnType<typeof loadRunWithHost>>>;

export const ACTIVE_STATUSES = ["STARTING", "RUNNING", "UNREACHABLE", "STOPPING"] as const;
export const TERMINAL_STATUSES = ["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED", "CANCELLED"] as const;
