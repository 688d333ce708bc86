// Picks the executor a run was launched with (Run.executor) and rebuilds its handle from the row.
import { prisma } from "@/lib/db";
import type { THostConnectRow } from "@/lib/ssh/host-pool";
import { sshExecutor } from "@/lib/executors/ssh-executor";
import { slurmExecutor } from "@/lib/executors/slurm/slurm-executor";
import type { TExecutor, TExecutorKind, TRunHandle } from "@/lib/executors/contract";

type TLoginHost = THostConnectRow & { name: string };
export type TClusterRow = { id: string; name: string; partition: string; account: string | null; qos: string | null; timeLimitMin: number };

export function executorFor(o: { executor: TExecutorKind; host: TLoginHost; cluster?: TClusterRow | null }): TExecutor {
  if (o.executor === "SSH") return sshExecutor(o.host);
  if (!o.cluster) throw new Error("a Slurm run without its cluster row");
  const c = o.cluster;
  return slurmExecutor({ clusterName: c.name, login: o.host, defaults: { partition: c.partition, account: c.account, qos: c.qos, timeLimitMin: c.timeLimitMin } });
}

export async function loadCluster(clusterId: string | null): Promise<TClusterRow | null> {
  if (!clusterId) return null;
  return prisma.slurmCluster.findUnique({ where: { id: clusterId }, select: { id: true, name: true, partition: true, account: true, qos: true, timeLimitMin: true } });
}

/** The persisted handle of a started run, or null when the launch recorded none yet. */
export function handleOf(run: { id: string; executor: TExecutorKind; outputDir: string; remotePgid: number | null; slurmJobId: string | null }): TRunHandle | null {
  if (run.executor === "SLURM") return run.slurmJobId ? { executor: "SLURM", runId: run.id, dir: run.outputDir, jobId: run.slurmJobId } : null;
  return run.remotePgid && run.remotePgid > 1 ? { executor: "SSH", runId: run.id, dir: run.outputDir, pgid: run.remotePgid } : null;
}

/** What a handle writes back onto the run row. */
export function handleFields(h: TRunHandle): { remotePid?: number; remotePgid?: number; slurmJobId?: string } {
  return h.executor === "SSH" ? { remotePid: h.pgid, remotePgid: h.pgid } : { slurmJobId: h.jobId };
}
