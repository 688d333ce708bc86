// Where a QUEUED run stands: its 1-based place among its host's queued runs (dispatch order) and
// which runs hold the GPUs it is waiting for. Read-only; the UI polls it.
import { prisma } from "@/lib/db";
import { QUEUE_ORDER } from "@/lib/runs/dispatch-host";

export type TQueuePosition = { runId: string; position: number; waitingFor: { gpuIndex: number; runId: string; runName: string }[] };

export async function getQueuePositions(o: { hostId?: string } = {}): Promise<Map<string, TQueuePosition>> {
  const queued = await prisma.run.findMany({
    where: { status: "QUEUED", ...(o.hostId ? { hostId: o.hostId } : {}) },
    orderBy: QUEUE_ORDER,
    select: { id: true, hostId: true, gpuIndices: true },
  });
  const hostIds = [...new Set(queued.map((r) => r.hostId))];
  const leases = await prisma.gpuLease.findMany({
    where: { hostId: { in: hostIds } },
    select: { hostId: true, gpuIndex: true, run: { select: { id: true, name: true } } },
  });
  const holder = new Map(leases.map((l) => [`${l.hostId}:${l.gpuIndex}`, l.run]));
  const perHost = new Map<string, number>();
  const out = new Map<string, TQueuePosition>();
  for (const r of queued) {
    const position = (perHost.get(r.hostId) ?? 0) + 1;
    perHost.set(r.hostId, position);
    const waitingFor = r.gpuIndices.flatMap((g) => {
      const h = holder.get(`${r.hostId}:${g}`);
      return h ? [{ gpuIndex: g, runId: h.id, runName: h.name }] : [];
    });
    out.set(r.id, { runId: r.id, position, waitingFor });
  }
  return out;
}

export async function getQueuePosition(o: { runId: string }): Promise<TQueuePosition | null> {
  const run = await prisma.run.findUnique({ where: { id: o.runId }, select: { hostId: true, status: true } });
  if (!run || run.status !== "QUEUED") return null;
  return (await getQueuePositions({ hostId: run.hostId })).get(o.runId) ?? null;
}
