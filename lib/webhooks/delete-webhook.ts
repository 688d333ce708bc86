// Deleting an endpoint drops its delivery log with it (cascade); queued jobs then find no row and
// end quietly.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZDeleteWebhook = z.object({ userId: z.string().min(1).nullable(), webhookId: z.string().min(1).max(64) });

export async function deleteWebhook(raw: z.input<typeof ZDeleteWebhook>, meta: TAuditMeta = {}): Promise<{ id: string }> {
  const input = ZDeleteWebhook.parse(raw);
  return prisma.$transaction(async (tx) => {
    const w = await tx.webhook.findUnique({ where: { id: input.webhookId }, select: { id: true, name: true, url: true } });
    if (!w) throw new AppError("not_found", "No such webhook.", "webhookId");
    await tx.webhook.delete({ where: { id: w.id } });
    await recordAudit({ actorId: input.userId, action: "webhook.delete", targetType: "webhook", targetId: w.id, data: { name: w.name, url: w.url }, ...meta }, tx);
    return { id: w.id };
  });
}
