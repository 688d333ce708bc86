// "Send again" for a delivery that used up its attempts: the same row (same delivery id and bytes,
// so a receiver that de-duplicates on X-FF-Delivery stays correct) goes back to PENDING with a fresh
// set of attempts, through the same queue and signing path.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createLogger } from "@/lib/logger";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { enqueueDelivery } from "@/lib/webhooks/enqueue-delivery";

const log = createLogger("WEBHOOKS");

export const ZRedeliverWebhook = z.object({ userId: z.string().min(1).nullable(), deliveryId: z.string().min(1).max(64) });

export async function redeliverWebhook(raw: z.input<typeof ZRedeliverWebhook>, meta: TAuditMeta = {}): Promise<{ deliveryId: string }> {
  const input = ZRedeliverWebhook.parse(raw);
  await prisma.$transaction(async (tx) => {
    const d = await tx.webhookDelivery.findUnique({ where: { id: input.deliveryId },
      select: { id: true, status: true, eventType: true, webhook: { select: { id: true, name: true, enabled: true } } } });
    if (!d) throw new AppError("not_found", "No such delivery.", "deliveryId");
    if (d.status !== "FAILED") {
      throw new AppError("conflict", d.status === "DELIVERED" ? "This delivery already arrived." : "This delivery is still being retried.", "deliveryId");
    }
    if (!d.webhook.enabled) throw new AppError("conflict", `“${d.webhook.name}” is disabled; enable it to send again.`, "deliveryId");
    // Guarded on FAILED: two admins pressing at once queue it once.
    const r = await tx.webhookDelivery.updateMany({ where: { id: d.id, status: "FAILED" },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: null, lastError: null, lastStatusCode: null } });
    if (r.count !== 1) throw new AppError("conflict", "This delivery was just sent again.", "deliveryId");
    await recordAudit({ actorId: input.userId, action: "webhook.redeliver", targetType: "webhook", targetId: d.webhook.id,
      data: { name: d.webhook.name, deliveryId: d.id, event: d.eventType }, ...meta }, tx);
  });
  try {
    await enqueueDelivery({ deliveryId: input.deliveryId });
  } catch (e) {
    log.warn("redelivery enqueue failed; the dispatcher sweep will send it", { deliveryId: input.deliveryId, err: e as Error });
  }
  return { deliveryId: input.deliveryId };
}
