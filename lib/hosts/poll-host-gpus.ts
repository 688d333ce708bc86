// One GPU poll of a host over the worker's pooled SSH connection: the inventory on the host row
// (so the hosts page and launch form show live memory/utilisation without "Refresh GPUs") and one
// sample per GPU held by a live run (the run page's GPU charts). A failed poll is recorded too: the
// hosts page says when the host was last polled and why it did not answer.
import { prisma } from "@/lib/db";
import { getHostConnection, dropHostConnection, type THostConnectRow } from "@/lib/ssh/host-pool";
import { readGpus } from "@/lib/hosts/probe-host";
import type { TGpu } from "@/lib/hosts/parse-nvidia-smi";

const LIVE = ["RUNNING", "STOPPING"] as const;

export type TGpuPollResult = { ok: true; gpus: TGpu[]; samples: number } | { ok: false; error: string };

export async function pollHostGpus(host: THostConnectRow & { name: string }): Promise<TGpuPollResult> {
  let gpus: TGpu[];
  try {
    const conn = await getHostConnection(host, { timeoutMs: 6_000 });
    gpus = await readGpus(conn);
  } catch (e) {
    dropHostConnection(host.id);
    const error = (e as Error).message.slice(0, 500);
    await prisma.host.update({ where: { id: host.id }, data: { lastPolledAt: new Date(), lastError: error, status: "UNREACHABLE" } });
    return { ok: false, error };
  }
  const at = new Date();
  const leases = await prisma.gpuLease.findMany({ where: { hostId: host.id, run: { status: { in: [...LIVE] } } }, select: { runId: true, gpuIndex: true } });
  const byIndex = new Map(gpus.map((g) => [g.index, g]));
  const samples = leases.flatMap((l) => {
    const g = byIndex.get(l.gpuIndex);
    return g ? [{ runId: l.runId, hostId: host.id, gpuIndex: g.index, at, utilization: g.utilization, memoryUsedMiB: g.memoryUsedMiB, memoryTotalMiB: g.memoryTotalMiB }] : [];
  });
  await prisma.$transaction([
    prisma.host.update({ where: { id: host.id }, data: { gpus, status: "ONLINE", lastError: null, lastSeenAt: at, lastPolledAt: at } }),
    prisma.gpuSample.createMany({ data: samples }),
  ]);
  return { ok: true, gpus, samples: samples.length };
}
