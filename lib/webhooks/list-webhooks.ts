import { prisma, type WebhookEventType } from "@/lib/db";

export type TWebhookDto = { id: string; name: string; url: string; events: WebhookEventType[]; enabled: boolean; createdAt: Date; createdBy: string | null; delivered: number; pending: number; failed: number };

/** Every endpoint, oldest first, with delivery counts. Never returns the secret. */
export async function listWebhooks(): Promise<TWebhookDto[]> {
  const [rows, counts] = await Promise.all([
    prisma.webhook.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true, url: true, events: true, enabled: true, createdAt: true, createdBy: { select: { name: true } } } }),
    prisma.webhookDelivery.groupBy({ by: ["webhookId", "status"], _count: { _all: true } }),
  ]);
  const count = (id: string, status: string) => counts.find((c) => c.webhookId === id && c.status === status)?._count._all ?? 0;
  return rows.map(({ createdBy, ...w }) => ({ ...w, createdBy: createdBy?.name ?? null, delivered: count(w.id, "DELIVERED"), pending: count(w.id, "PENDING"), failed: count(w.id, "FAILED") }));
}
