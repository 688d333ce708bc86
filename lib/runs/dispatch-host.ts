// GPU-aware dispatch for one host: walks its QUEUED runs in queue order (priority, then FIFO) and
// grants GPU leases to every run whose GPUs are free and not wanted by an earlier waiting run, so
// a big request is not starved by later small ones. Granted runs move to STARTING.
// Double allocation is impossible twice over: a per-host advisory lock serializes dispatchers,
// and the (hostId, gpuIndex) unique key rejects any lease that slipped past.
import { prisma, type Prisma } from "@/lib/db";
import { addRunEvent } from "@/lib/runs/run-events";

export const QUEUE_ORDER = [{ priority: "desc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

export async function dispatchHost(o: { hostId: string }): Promise<string[]> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS ok FROM (SELECT pg_advisory_xact_lock(hashtext(${"ffloor-dispatch:" + o.hostId}))) AS l`;
      const held = new Set((await tx.gpuLease.findMany({ where: { hostId: o.hostId }, select: { gpuIndex: true } })).map((l) => l.gpuIndex));
      const queued = await tx.run.findMany({
        where: { hostId: o.hostId, status: "QUEUED" },
        orderBy: QUEUE_ORDER,
        select: { id: true, gpuIndices: true, nodes: { where: { rank: { gt: 0 } }, select: { hostId: true, gpuIndices: true } } },
      });
      const wanted = new Set<number>();
      const granted: string[] = [];
      for (const r of queued) {
        const free = r.gpuIndices.every((g) => !held.has(g) && !wanted.has(g)) && (await otherNodesFree(tx, r.nodes));
        if (!free) {
          for (const g of r.gpuIndices) wanted.add(g);
          continue;
        }
        await tx.gpuLease.createMany({ data: [
          ...r.gpuIndices.map((gpuIndex) => ({ hostId: o.hostId, gpuIndex, runId: r.id })),
          ...r.nodes.flatMap((n) => n.gpuIndices.map((gpuIndex) => ({ hostId: n.hostId, gpuIndex, runId: r.id }))),
        ] });
        const moved = await tx.run.updateMany({ where: { id: r.id, status: "QUEUED" }, data: { status: "STARTING" } });
        if (moved.count !== 1) throw new Error(`run ${r.id} left QUEUED during dispatch`);
        const more = r.nodes.length ? ` (and GPUs on ${r.nodes.length} more node${r.nodes.length === 1 ? "" : "s"})` : "";
        await addRunEvent({ runId: r.id, type: "LAUNCHING", message: `GPU ${r.gpuIndices.join(",")}${more} leased; launching` }, tx);
        for (const g of r.gpuIndices) held.add(g);
        granted.push(r.id);
      }
      return granted;
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
}

/**
 * A multi-node run also needs its GPUs on every other node's host. That host's dispatcher lock is only
 * tried, never waited for: two dispatchers each holding their own host and wanting the other's would
 * deadlock. A host busy dispatching means "not free now"; its next kick dispatches this run's host too
 * (kickHostQueue).
 */
async function otherNodesFree(tx: Prisma.TransactionClient, nodes: { hostId: string; gpuIndices: number[] }[]): Promise<boolean> {
  for (const n of nodes) {
    const [l] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${"ffloor-dispatch:" + n.hostId})) AS ok`;
    if (!l?.ok) return false;
    const taken = await tx.gpuLease.count({ where: { hostId: n.hostId, gpuIndex: { in: n.gpuIndices } } });
    if (taken > 0) return false;
  }
  return true;
}

/** Frees a finished run's GPUs; returns its host so the caller can dispatch that host again. */
export async function releaseLeases(o: { runId: string }): Promise<{ hostId: string | null; released: number }> {
  const leases = await prisma.gpuLease.findMany({ where: { runId: o.runId }, select: { hostId: true } });
  const r = await prisma.gpuLease.deleteMany({ where: { runId: o.runId } });
  return { hostId: leases[0]?.hostId ?? null, released: r.count };
}
