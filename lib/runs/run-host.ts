// Loads a run with its host connection row (worker side only) and, for Slurm runs, its cluster.
import { prisma } from "@/lib/db";

export const HOST_CONNECT = { id: true, name: true, address: true, port: true, username: true, privateKeyEnc: true, hostKeyFingerprint: true } as const;

export async function loadRunWithHost(runId: string) {
  return prisma.run.findUnique({
    where: { id: runId },
    include: {
      host: { select: HOST_CONNECT },
      slurmCluster: { select: { id: true, name: true, partition: true, account: true, qos: true, timeLimitMin: true } },
      nodes: { orderBy: { rank: "asc" }, include: { host: { select: HOST_CONNECT } } },
    },
  });
}
export type TRunWithHost = NonNullable<Awaited<ReturnType<typeof loadRunWithHost>>>;

export const ACTIVE_STATUSES = ["STARTING", "RUNNING", "UNREACHABLE", "STOPPING"] as const;
export const TERMINAL_STATUSES = ["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED", "CANCELLED"] as const;

/** The multi-node part of a loaded run, for executorFor (undefined for a one-host run). */
export function multiOf(run: TRunWithHost) {
  return run.nodes.length > 1 ? { nodes: run.nodes, masterAddr: run.masterAddr, masterPort: run.masterPort } : undefined;
}
