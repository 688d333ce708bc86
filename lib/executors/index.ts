// Picks the executor a run was launched with (Run.executor) and rebuilds its handle from the row.
import { prisma } from "@/lib/db";
import type { THostConnectRow } from "@/lib/ssh/host-pool";
import { sshExecutor } from "@/lib/executors/ssh-executor";
import { slurmExecutor } from "@/lib/executors/slurm/slurm-executor";
import { multiNodeSshExecutor, type TNodeTarget } from "@/lib/executors/multi-node-ssh-executor";
import type { TExecutor, TExecutorKind, TRunHandle } from "@/lib/executors/contract";

type TLoginHost = THostConnectRow & { name: string };
export type TClusterRow = { id: string; name: string; partition: string; account: string | null; qos: string | null; timeLimitMin: number };

/** A run row's nodes (multi-node runs only) with their hosts' connection rows. */
export type TRunNodeRow = { rank: number; hostId: string; gpuIndices: number[]; outputDir: string; remotePgid: number | null; host: TLoginHost };
export type TMultiNode = { nodes: TRunNodeRow[]; masterAddr: string | null; masterPort: number | null };

export function executorFor(o: { executor: TExecutorKind; host: TLoginHost; cluster?: TClusterRow | null; multi?: TMultiNode & { profiles?: Map<number, TNodeTarget["profile"]> } }): TExecutor {
  if (o.executor === "SSH" && o.multi && o.multi.nodes.length > 1) {
    const m = o.multi;
    if (!m.masterAddr || !m.masterPort) throw new Error("a multi-node run without its master address and port");
    return multiNodeSshExecutor({
      masterAddr: m.masterAddr, masterPort: m.masterPort,
      nodes: m.nodes.map((n) => ({ rank: n.rank, host: n.host, dir: n.outputDir, gpuIndices: n.gpuIndices, profile: m.profiles?.get(n.rank) })),
    });
  }
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
export function handleOf(run: { id: string; executor: TExecutorKind; outputDir: string; remotePgid: number | null; slurmJobId: string | null; nodes?: Omit<TRunNodeRow, "host">[] }): TRunHandle | null {
  if (run.executor === "SLURM") return run.slurmJobId ? { executor: "SLURM", runId: run.id, dir: run.outputDir, jobId: run.slurmJobId } : null;
  if (run.nodes && run.nodes.length > 1) {
    const nodes = [...run.nodes].sort((a, b) => a.rank - b.rank).map((n) => ({ rank: n.rank, hostId: n.hostId, dir: n.outputDir, pgid: n.remotePgid ?? 0 }));
    const first = nodes.find((n) => n.pgid > 1);
    // The top-level group is rank 0's once it started (nodes are in rank order), else the first started rank's.
    return first ? { executor: "SSH", runId: run.id, dir: run.outputDir, pgid: first.pgid, nodes } : null;
  }
  return run.remotePgid && run.remotePgid > 1 ? { executor: "SSH", runId: run.id, dir: run.outputDir, pgid: run.remotePgid } : null;
}

/** What a handle writes back onto the run row. */
export function handleFields(h: TRunHandle): { remotePid?: number; remotePgid?: number; slurmJobId?: string } {
  return h.executor === "SSH" ? { remotePid: h.pgid, remotePgid: h.pgid } : { slurmJobId: h.jobId };
}
