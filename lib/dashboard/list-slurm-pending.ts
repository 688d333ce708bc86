// Slurm runs waiting in their cluster's queue (submitted, not yet RUNNING), as squeue last showed them.
import { prisma } from "@/lib/db";

export async function listSlurmPending() {
  const runs = await prisma.run.findMany({
    where: { executor: "SLURM", status: "STARTING" },
    orderBy: [{ queuePosition: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    select: { id: true, name: true, gpuIndices: true, slurmJobId: true, slurmState: true, queueReason: true, queuePosition: true, createdAt: true,
      slurmCluster: { select: { id: true, name: true, partition: true } } },
  });
  const byCluster = new Map<string, { clusterId: string; name: string; partition: string; entries: typeof runs }>();
  for (const r of runs) {
    if (!r.slurmCluster) continue;
    const c = byCluster.get(r.slurmCluster.id) ?? { clusterId: r.slurmCluster.id, name: r.slurmCluster.name, partition: r.slurmCluster.partition, entries: [] };
    c.entries.push(r);
    byCluster.set(c.clusterId, c);
  }
  return [...byCluster.values()];
}
