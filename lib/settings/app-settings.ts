// Install-wide settings (one row, id 1; absent = defaults). Changed by admins only, audited.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export type TAppSettings = { allowPrivateWebhookTargets: boolean };
const DEFAULTS: TAppSettings = { allowPrivateWebhookTargets: false };

export async function getAppSettings(): Promise<TAppSettings> {
  const row = await prisma.appSetting.findUnique({ where: { id: 1 }, select: { allowPrivateWebhookTargets: true } });
  return row ?? DEFAULTS;
}

export const ZSetPrivateWebhooks = z.object({ actorId: z.string().min(1).nullable(), allow: z.boolean() });

export async function setAllowPrivateWebhookTargets(raw: z.input<typeof ZSetPrivateWebhooks>, meta: TAuditMeta = {}): Promise<TAppSettings> {
  const input = ZSetPrivateWebhooks.parse(raw);
  return prisma.$transaction(async (tx) => {
    const row = await tx.appSetting.upsert({ where: { id: 1 }, create: { id: 1, allowPrivateWebhookTargets: input.allow }, update: { allowPrivateWebhookTargets: input.allow },
      select: { allowPrivateWebhookTargets: true } });
    await recordAudit({ actorId: input.actorId, action: "settings.private_webhooks", targetType: "settings", targetId: null, data: { allow: input.allow }, ...meta }, tx);
    return row;
  });
}
