"use server";
// Webhooks (ADMIN only): endpoints are install-wide, so every change is an admin decision and audited.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { ZWebhookInput } from "@/lib/webhooks/webhook-input";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { setWebhookEnabled } from "@/lib/webhooks/set-webhook-enabled";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";
import { redeliverWebhook } from "@/lib/webhooks/redeliver-webhook";
import { rotateWebhookSecret } from "@/lib/webhooks/rotate-webhook-secret";
import { setAllowPrivateWebhookTargets } from "@/lib/settings/app-settings";

const ZWebhookId = z.object({ webhookId: z.string().min(1).max(64) });

export const createWebhookAction = authAction({ role: "ADMIN", audit: { action: "webhook.create", targetType: "webhook" }, schema: ZWebhookInput }, async (input, { user, meta }) => {
  const r = await createWebhook({ ...input, userId: user.id }, meta);
  revalidatePath("/settings");
  return r;
});

export const setWebhookEnabledAction = authAction(
  { role: "ADMIN", audit: { action: "webhook.enable", targetType: "webhook", targetId: inputField("webhookId") }, schema: ZWebhookId.extend({ enabled: z.boolean() }) },
  async (input, { user, meta }) => {
    const r = await setWebhookEnabled({ ...input, userId: user.id }, meta);
    revalidatePath("/settings");
    return r;
  },
);

export const deleteWebhookAction = authAction({ role: "ADMIN", audit: { action: "webhook.delete", targetType: "webhook", targetId: inputField("webhookId") }, schema: ZWebhookId }, async (input, { user, meta }) => {
  const r = await deleteWebhook({ ...input, userId: user.id }, meta);
  revalidatePath("/settings");
  return r;
});

export const sendTestWebhookAction = authAction({ role: "ADMIN", audit: { action: "webhook.test", targetType: "webhook", targetId: inputField("webhookId") }, schema: ZWebhookId }, async (input, { user, meta }) => {
  const r = await sendTestWebhook({ ...input, userId: user.id }, meta);
  revalidatePath("/settings");
  return r;
});

export const redeliverWebhookAction = authAction(
  { role: "ADMIN", audit: { action: "webhook.redeliver", targetType: "webhook", targetId: inputField("deliveryId") }, schema: z.object({ deliveryId: z.string().min(1).max(64) }) },
  async (input, { user, meta }) => {
    const r = await redeliverWebhook({ ...input, userId: user.id }, meta);
    revalidatePath("/settings");
    return r;
  },
);

export const rotateWebhookSecretAction = authAction(
  { role: "ADMIN", audit: { action: "webhook.rotate", targetType: "webhook", targetId: inputField("webhookId") }, schema: ZWebhookId },
  async (input, { user, meta }) => {
    const r = await rotateWebhookSecret({ ...input, userId: user.id }, meta);
    revalidatePath("/settings");
    return r;
  },
);

export const setPrivateWebhookTargetsAction = authAction(
  { role: "ADMIN", audit: { action: "settings.private_webhooks", targetType: "settings" }, schema: z.object({ allow: z.boolean() }) },
  async (input, { user, meta }) => {
    const r = await setAllowPrivateWebhookTargets({ actorId: user.id, allow: input.allow }, meta);
    revalidatePath("/settings");
    return r;
  },
);
