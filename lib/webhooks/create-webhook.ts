// Adds an endpoint. The plain secret is returned exactly once (like API tokens); the row keeps it
// sealed because, unlike a token, the worker needs it back to sign.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { ZWebhookInput } from "@/lib/webhooks/webhook-input";
import { newWebhookSecret, sealWebhookSecret } from "@/lib/webhooks/secret";
import { literalTargetRefusal } from "@/lib/webhooks/target-policy";
import { getAppSettings } from "@/lib/settings/app-settings";

export const ZCreateWebhook = ZWebhookInput.extend({ userId: z.string().min(1).nullable() });

/** A cap, not a quota: every endpoint is fanned out to on every event. */
export const MAX_WEBHOOKS = 20;

export async function createWebhook(raw: z.input<typeof ZCreateWebhook>, meta: TAuditMeta = {}): Promise<{ id: string; name: string; secret: string }> {
  const input = ZCreateWebhook.parse(raw);
  if ((await prisma.webhook.count()) >= MAX_WEBHOOKS) throw new AppError("conflict", `There are already ${MAX_WEBHOOKS} webhooks; delete one first.`, "name");
  // The input check half of the SSRF rule (delivery re-checks after DNS): say so now, by field.
  const refusal = literalTargetRefusal(input.url, (await getAppSettings()).allowPrivateWebhookTargets);
  if (refusal) throw new AppError("invalid", refusal, "url");
  const secret = newWebhookSecret();
  const row = await prisma.$transaction(async (tx) => {
    const w = await tx.webhook.create({
      data: { name: input.name, url: input.url, events: input.events, secretEnc: sealWebhookSecret(secret), createdById: input.userId },
      select: { id: true, name: true },
    });
    await recordAudit({ actorId: input.userId, action: "webhook.create", targetType: "webhook", targetId: w.id, data: { name: w.name, url: input.url, events: input.events }, ...meta }, tx);
    return w;
  });
  return { ...row, secret };
}
