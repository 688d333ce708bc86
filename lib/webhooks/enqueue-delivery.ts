// Hands a delivery row to the queue. The row is written first; a lost enqueue is repaired by the
// dispatcher's sweep of PENDING rows (requeue-pending.ts).
import { env } from "@/lib/env";
import { enqueue } from "@/lib/queue/enqueue";
import { QueueName } from "@/lib/queue/contracts";

export async function enqueueDelivery(o: { deliveryId: string; delayMs?: number }): Promise<void> {
  const backoffMs = env().WEBHOOK_BACKOFF_MS;
  await enqueue(QueueName.WebhookDelivery, { deliveryId: o.deliveryId }, {
    ...(o.delayMs && o.delayMs > 0 ? { delayMs: o.delayMs } : {}),
    ...(backoffMs ? { backoffMs } : {}),
  });
}
