// "Send test": one TEST delivery through the same queue, signing and retry path as real events.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createLogger } from "@/lib/logger";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { buildTestPayload } from "@/lib/webhooks/payload";
import { enqueueDelivery } from "@/lib/webhooks/enqueue-delivery";

const log = createLogger("WEBHOOKS");

export const ZSendTestWebhook = z.object({ userId: z.string().min(1).nullable(), webhookId: z.string().min(1).max(64) });

export async function sendTestWebhook(raw: z.input<typeof ZSendTestWebhook>, meta: TAuditMeta = {}): Promise<{ deliveryId: string }> {
  const input = ZSendTestWebhook.parse(raw);
  const w = await prisma.webhook.findUnique({ where: { id: input.webhookId }, select: { id: true, name: true, enabled: true } });
  if (!w) throw new AppError("not_found", "No such webhook.", "webhookId");
  if (!w.enabled) throw new AppError("conflict", `“${w.name}” is disabled; enable it to send a test.`, "webhookId");
  const payload = buildTestPayload({ id: randomBytes(8).toString("hex"), webhookName: w.name, now: new Date() });
  const d = await prisma.$transaction(async (tx) => {
    const row = await tx.webhookDelivery.create({ data: { webhookId: w.id, eventType: "TEST", payload: payload as Prisma.InputJsonValue }, select: { id: true } });
    await recordAudit({ actorId: input.userId, action: "webhook.test", targetType: "webhook", targetId: w.id, data: { name: w.name, deliveryId: row.id }, ...meta }, tx);
    return row;
  });
  try {
    await enqueueDelivery({ deliveryId: d.id });
  } catch (e) {
    log.warn("test delivery enqueue failed; the dispatcher sweep will send it", { deliveryId: d.id, err: e as Error });
  }
  return { deliveryId: d.id };
}
