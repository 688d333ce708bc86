// A new signing secret for an endpoint (a leaked one, or routine rotation). Returned exactly once,
// like at creation. Signing happens at send time, so every request from now on, retries of older
// deliveries included, carries the new signature: the receiver must switch at the same moment.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { newWebhookSecret, sealWebhookSecret } from "@/lib/webhooks/secret";

export const ZRotateWebhookSecret = z.object({ userId: z.string().min(1).nullable(), webhookId: z.string().min(1).max(64) });

export async function rotateWebhookSecret(raw: z.input<typeof ZRotateWebhookSecret>, meta: TAuditMeta = {}): Promise<{ id: string; name: string; secret: string }> {
  const input = ZRotateWebhookSecret.parse(raw);
  const secret = newWebhookSecret();
  const w = await prisma.$transaction(async (tx) => {
    const r = await tx.webhook.updateMany({ where: { id: input.webhookId }, data: { secretEnc: sealWebhookSecret(secret) } });
    if (r.count !== 1) throw new AppError("not_found", "No such webhook.", "webhookId");
    const row = await tx.webhook.findUniqueOrThrow({ where: { id: input.webhookId }, select: { id: true, name: true } });
    await recordAudit({ actorId: input.userId, action: "webhook.rotate", targetType: "webhook", targetId: row.id, data: { name: row.name }, ...meta }, tx);
    return row;
  });
  return { ...w, secret };
}
