// PENDING rows whose job may be gone (a worker killed between commit and enqueue, a flushed Redis)
// go back on the queue. The job id is the delivery's, so a row whose job still waits is a no-op; a
// row waiting for its backoff keeps its nextAttemptAt.
import { prisma } from "@/lib/db";
import { enqueueDelivery } from "@/lib/webhooks/enqueue-delivery";

export async function requeuePendingDeliveries(o: { limit?: number } = {}): Promise<number> {
  const rows = await prisma.webhookDelivery.findMany({
    where: { status: "PENDING" },
    orderBy: { createdAt: "asc" },
    take: o.limit ?? 500,
    select: { id: true, nextAttemptAt: true },
  });
  const now = Date.now();
  for (const r of rows) await enqueueDelivery({ deliveryId: r.id, delayMs: r.nextAttemptAt ? r.nextAttemptAt.getTime() - now : 0 });
  return rows.length;
}
