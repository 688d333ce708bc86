// After GPUs free up (or a run is queued): grant leases on the host and deliver launch jobs.
import { prisma } from "@/lib/db";
import { dispatchHost } from "@/lib/runs/dispatch-host";
import { enqueue } from "@/lib/queue/enqueue";
import { QueueName } from "@/lib/queue/contracts";

export async function kickHostQueue(o: { hostId: string; exceptRunId?: string }): Promise<string[]> {
  const granted = await dispatchHost({ hostId: o.hostId });
  for (const runId of granted) if (runId !== o.exceptRunId) await enqueue(QueueName.RunLaunch, { runId });
  // Queued multi-node runs whose other node is this host wait on their rank 0's queue: kick those too.
  const waiting = await prisma.runNode.findMany({ where: { hostId: o.hostId, rank: { gt: 0 }, run: { status: "QUEUED", hostId: { not: o.hostId } } }, select: { run: { select: { hostId: true } } }, distinct: ["runId"] });
  for (const hostId of new Set(waiting.map((w) => w.run.hostId))) {
    for (const runId of await dispatchHost({ hostId })) if (runId !== o.exceptRunId) await enqueue(QueueName.RunLaunch, { runId });
  }
  return granted;
}
