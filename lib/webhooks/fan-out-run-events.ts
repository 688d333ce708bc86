// One dispatcher pass: new run events → WebhookDelivery rows (the outbox) → one queue job each.
// Rows and the cursor move in one transaction holding the cursor row's lock, so two worker
// processes never interleave passes; (webhookId, runEventId) is unique, so a pass replayed after a
// crash inserts nothing twice. Jobs are added after commit: a crash in between leaves PENDING rows
// that requeuePendingDeliveries() hands to the queue again.
import { prisma, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { advanceCursor } from "@/lib/webhooks/advance-cursor";
import { SOURCE_RUN_EVENT_TYPES, webhookEventFor } from "@/lib/webhooks/event-types";
import { buildRunEventPayload } from "@/lib/webhooks/payload";
import { enqueueDelivery } from "@/lib/webhooks/enqueue-delivery";

const log = createLogger("WEBHOOKS");
const CURSOR_ID = "run_events";

/** Per-process memory between passes; losing it (a restart) only costs one re-read. */
export type TFanOutState = { gaps: Map<bigint, number>; fanned: Set<bigint> };
export const newFanOutState = (): TFanOutState => ({ gaps: new Map(), fanned: new Set() });

export type TFanOutResult = { deliveryIds: string[]; cursor: bigint; scanned: number };

const RUN_SELECT = {
  id: true, name: true, status: true, gpuIndices: true, verdict: true, stopRule: true, stopReason: true, exitCode: true,
  startedAt: true, finishedAt: true, host: { select: { id: true, name: true } },
} as const;

export async function fanOutRunEvents(o: { state: TFanOutState; graceMs?: number; batch?: number }): Promise<TFanOutResult> {
  const sources = new Set(SOURCE_RUN_EVENT_TYPES);
  const res = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO webhook_cursors (id, "lastRunEventId", "updatedAt") VALUES (${CURSOR_ID}, 0, now()) ON CONFLICT (id) DO NOTHING`;
    const [row] = await tx.$queryRaw<{ lastRunEventId: bigint }[]>`SELECT "lastRunEventId" FROM webhook_cursors WHERE id = ${CURSOR_ID} FOR UPDATE`;
    const cursor = BigInt(row!.lastRunEventId);
    // Before reading ids (advance-cursor.ts): the oldest other open transaction in this database.
    const [clock] = await tx.$queryRaw<{ checkedAt: number; oldestOpenTx: number | null }[]>`
      SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS "checkedAt",
             (SELECT extract(epoch FROM min(xact_start)) * 1000 FROM pg_stat_activity
               WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid())::float8 AS "oldestOpenTx"`;
    const seen = await tx.runEvent.findMany({ where: { id: { gt: cursor } }, orderBy: { id: "asc" }, take: o.batch ?? 2000, select: { id: true, type: true } });
    const wanted = seen.filter((e) => sources.has(e.type) && !o.state.fanned.has(e.id)).map((e) => e.id);
    const hooks = wanted.length ? await tx.webhook.findMany({ where: { enabled: true }, select: { id: true, events: true, createdAt: true } }) : [];
    const rows: Prisma.WebhookDeliveryCreateManyInput[] = [];
    if (hooks.length) {
      const events = await tx.runEvent.findMany({ where: { id: { in: wanted } }, orderBy: { id: "asc" }, include: { run: { select: RUN_SELECT } } });
      for (const ev of events) {
        const kind = webhookEventFor(ev.type)!;
        // An endpoint gets what happened after it was added, never the history before it.
        const targets = hooks.filter((h) => h.events.includes(kind) && ev.createdAt >= h.createdAt);
        if (!targets.length) continue;
        const payload = buildRunEventPayload({ event: ev, run: ev.run, appUrl: env().APP_URL }) as Prisma.InputJsonValue;
        for (const h of targets) rows.push({ webhookId: h.id, runEventId: ev.id, eventType: kind, payload });
      }
    }
    const created = rows.length ? await tx.webhookDelivery.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true } }) : [];
    const adv = advanceCursor({ cursor, ids: seen.map((e) => e.id), gaps: o.state.gaps, checkedAt: clock!.checkedAt, oldestOpenTx: clock!.oldestOpenTx, graceMs: o.graceMs ?? 120_000 });
    if (adv.cursor !== cursor) await tx.webhookCursor.update({ where: { id: CURSOR_ID }, data: { lastRunEventId: adv.cursor } });
    return { created: created.map((c) => c.id), adv, wanted, scanned: seen.length };
  });
  o.state.gaps = res.adv.gaps;
  for (const id of res.wanted) o.state.fanned.add(id);
  for (const id of o.state.fanned) if (id <= res.adv.cursor) o.state.fanned.delete(id);
  for (const deliveryId of res.created) {
    try {
      await enqueueDelivery({ deliveryId });
    } catch (e) {
      log.warn("delivery enqueue failed; the PENDING sweep retries", { deliveryId, err: e as Error });
    }
  }
  return { deliveryIds: res.created, cursor: res.adv.cursor, scanned: res.scanned };
}
