import { prisma, type WebhookDeliveryStatus, type WebhookEventType } from "@/lib/db";
import { ZWebhookPayload } from "@/lib/webhooks/payload";

export type TDeliveryDto = {
  id: string; webhookId: string; webhookName: string; eventType: WebhookEventType; run: { id: string; name: string } | null;
  status: WebhookDeliveryStatus; attempts: number; lastStatusCode: number | null; lastError: string | null;
  nextAttemptAt: Date | null; deliveredAt: Date | null; createdAt: Date;
};

/** The delivery log: newest first, across endpoints. */
export async function listWebhookDeliveries(o: { limit?: number } = {}): Promise<TDeliveryDto[]> {
  const rows = await prisma.webhookDelivery.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(o.limit ?? 50, 200),
    include: { webhook: { select: { name: true } } },
  });
  return rows.map(({ webhook, payload, runEventId: _e, updatedAt: _u, ...d }) => {
    const run = ZWebhookPayload.shape.run.safeParse((payload as { run?: unknown } | null)?.run).data ?? null;
    return { ...d, webhookName: webhook.name, run: run ? { id: run.id, name: run.name } : null };
  });
}
