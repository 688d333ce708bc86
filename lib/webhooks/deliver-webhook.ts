// One delivery attempt, driven by the queue job: sign, POST, record the answer on the row. The row is
// the truth (the UI reads it): attempts count real POSTs, nextAttemptAt is when the queue's
// exponential backoff will run the next one, and after the last attempt the row is FAILED.
import { prisma } from "@/lib/db";
import { WEBHOOK_MAX_ATTEMPTS } from "@/lib/queue/contracts";
import { signWebhookBody, SIGNATURE_HEADER } from "@/lib/webhooks/webhook-signature";
import { openWebhookSecret } from "@/lib/webhooks/secret";
import { wireName } from "@/lib/webhooks/event-types";
import { postWebhook } from "@/lib/webhooks/post-webhook";
import { getAppSettings } from "@/lib/settings/app-settings";

export type TDeliverOutcome = "delivered" | "retry" | "failed" | "skipped";
export type TDeliverResult = { outcome: TDeliverOutcome; statusCode: number | null; error: string | null; nextAttemptAt: Date | null };

export async function deliverWebhook(o: {
  deliveryId: string;
  /** Failed attempts of this queue job so far, and how many it has in all (BullMQ's counters). */
  jobAttemptsMade: number;
  jobAttempts: number;
  /** The job's exponential backoff base; the next attempt comes backoffMs * 2^jobAttemptsMade later. */
  backoffMs: number;
  timeoutMs?: number;
}): Promise<TDeliverResult> {
  const d = await prisma.webhookDelivery.findUnique({ where: { id: o.deliveryId }, include: { webhook: true } });
  // Deleted with its webhook, or already settled by an earlier run of this job: nothing to send.
  if (!d || d.status !== "PENDING") return { outcome: "skipped", statusCode: null, error: null, nextAttemptAt: null };
  if (!d.webhook.enabled) {
    await prisma.webhookDelivery.updateMany({ where: { id: d.id, status: "PENDING" }, data: { status: "FAILED", lastError: "Webhook disabled before delivery", nextAttemptAt: null } });
    return { outcome: "skipped", statusCode: null, error: "disabled", nextAttemptAt: null };
  }
  const body = JSON.stringify(d.payload);
  const signature = signWebhookBody({ secret: openWebhookSecret(d.webhook.secretEnc), body, unixSeconds: Date.now() / 1000 });
  // Read per attempt: turning private targets off stops retries to them too.
  const { allowPrivateWebhookTargets } = await getAppSettings();
  const res = await postWebhook({
    url: d.webhook.url,
    allowPrivate: allowPrivateWebhookTargets,
    body,
    timeoutMs: o.timeoutMs ?? 10_000,
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "FactoryFloor-Webhooks/1",
      "X-FF-Event": wireName(d.eventType),
      "X-FF-Delivery": d.id,
      [SIGNATURE_HEADER]: signature,
    },
  });
  const attempts = d.attempts + 1;
  const last = attempts >= WEBHOOK_MAX_ATTEMPTS || o.jobAttemptsMade + 1 >= o.jobAttempts;
  const outcome: TDeliverOutcome = res.ok ? "delivered" : last ? "failed" : "retry";
  const nextAttemptAt = outcome === "retry" ? new Date(Date.now() + o.backoffMs * 2 ** o.jobAttemptsMade) : null;
  await prisma.webhookDelivery.updateMany({
    where: { id: d.id, status: "PENDING" },
    data: {
      attempts,
      lastStatusCode: res.statusCode,
      lastError: res.error,
      nextAttemptAt,
      status: outcome === "delivered" ? "DELIVERED" : outcome === "failed" ? "FAILED" : "PENDING",
      ...(res.ok ? { deliveredAt: new Date() } : {}),
    },
  });
  return { outcome, statusCode: res.statusCode, error: res.error, nextAttemptAt };
}
