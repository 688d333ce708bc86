// The /queue page: QUEUED runs per host in dispatch order, with the runs holding the GPUs each waits for.
import { prisma } from "@/lib/db";
import { QUEUE_ORDER } from "@/lib/runs/dispatch-host";
import { getQueuePositions, type TQueuePosition } from "@/lib/runs/queue-position";

export type TQueueEntry = {
  id: string;
  name: string;
  priority: number;
  gpuIndices: number[];
  createdAt: Date;
  createdByName: string | null;
  presetLabel: string | null;
  position: number;
  waitingFor: TQueuePosition["waitingFor"];
};
export type TQueueHost = { hostId: string; hostName: string; status: string; entries: TQueueEntry[] };

export async function listQueue(): Promise<TQueueHost[]> {
  const [runs, positions] = await Promise.all([
    prisma.run.findMany({
      where: { status: "QUEUED" },
      orderBy: QUEUE_ORDER,
      select: {
        id: true, name: true, priority: true, gpuIndices: true, createdAt: true, hostId: true,
        host: { select: { name: true, status: true } },
        createdBy: { select: { name: true } },
        presetVersion: { select: { version: true, preset: { select: { name: true } } } },
      },
    }),
    getQueuePositions(),
  ]);
  const hosts = new Map<string, TQueueHost>();
  for (const r of runs) {
    const h = hosts.get(r.hostId) ?? { hostId: r.hostId, hostName: r.host.name, status: r.host.status, entries: [] };
    const pos = positions.get(r.id);
    h.entries.push({
      id: r.id,
      name: r.name,
      priority: r.priority,
      gpuIndices: r.gpuIndices,
      createdAt: r.createdAt,
      createdByName: r.createdBy?.name ?? null,
      presetLabel: r.presetVersion ? `${r.presetVersion.preset.name}@v${r.presetVersion.version}` : null,
      position: pos?.position ?? h.entries.length + 1,
      waitingFor: pos?.waitingFor ?? [],
    });
    hosts.set(r.hostId, h);
  }
  return [...hosts.values()].sort((a, b) => a.hostName.localeCompare(b.hostName));
}
