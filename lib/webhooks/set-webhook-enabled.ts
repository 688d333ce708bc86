// Pause or resume an endpoint. While disabled it gets nothing: events are not queued up for later,
// and deliveries still pending when it is disabled end FAILED instead of being sent.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZSetWebhookEnabled = z.object({ userId: z.string().min(1).nullable(), webhookId: z.string().min(1).max(64), enabled: z.boolean() });

export async function setWebhookEnabled(raw: z.input<typeof ZSetWebhookEnabled>, meta: TAuditMeta = {}): Promise<{ id: string; enabled: boolean }> {
  const input = ZSetWebhookEnabled.parse(raw);
  return prisma.$transaction(async (tx) => {
    const r = await tx.webhook.updateMany({ where: { id: input.webhookId }, data: { enabled: input.enabled } });
    if (r.count !== 1) throw new AppError("not_found", "No such webhook.", "webhookId");
    if (!input.enabled) {
      await tx.webhookDelivery.updateMany({ where: { webhookId: input.webhookId, status: "PENDING" }, data: { status: "FAILED", lastError: "Webhook disabled before delivery", nextAttemptAt: null } });
    }
    const w = await tx.webhook.findUniqueOrThrow({ where: { id: input.webhookId }, select: { name: true } });
    await recordAudit({ actorId: input.userId, action: input.enabled ? "webhook.enable" : "webhook.disable", targetType: "webhook", targetId: input.webhookId, data: { name: w.name }, ...meta }, tx);
    return { id: input.webhookId, enabled: input.enabled };
  });
}
