// Appends one audit row (who, what, on what, from where, ok or refused). The app has no update or
// delete path for audit rows; this and the lib functions' own inserts are the only writers.
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";

export type TAuditMeta = { ip?: string | null; userAgent?: string | null };

export const ZAuditRecord = z.object({
  actorId: z.string().min(1).nullable(),
  action: z.string().regex(/^[a-z]+\.[a-z_.]+$/, "action is <target>.<verb>").max(64),
  targetType: z.string().min(1).max(32),
  targetId: z.string().max(200).nullable().optional(),
  ok: z.boolean().default(true),
  ip: z.string().max(100).nullable().optional(),
  userAgent: z.string().nullable().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TAuditRecord = z.input<typeof ZAuditRecord>;

type TTx = Pick<Prisma.TransactionClient, "auditEvent">;

export async function recordAudit(raw: TAuditRecord, tx: TTx = prisma): Promise<void> {
  const r = ZAuditRecord.parse(raw);
  await tx.auditEvent.create({
    data: {
      actorId: r.actorId,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId ?? null,
      ok: r.ok,
      ip: r.ip ?? null,
      // User agents are attacker-controlled free text: bounded so a huge header cannot bloat the table.
      userAgent: r.userAgent?.slice(0, 300) ?? null,
      ...(r.data ? { data: r.data as Prisma.InputJsonValue } : {}),
    },
  });
}

/** A refused attempt (403) is evidence too: recorded with ok=false and the reason. Never throws. */
export async function recordRefusal(o: { actorId: string | null; action: string; targetType: string; targetId?: string | null; reason: string; data?: Record<string, unknown> } & TAuditMeta): Promise<void> {
  try {
    await recordAudit({ actorId: o.actorId, action: o.action, targetType: o.targetType, targetId: o.targetId ?? null, ok: false,
      ip: o.ip ?? null, userAgent: o.userAgent ?? null, data: { ...o.data, refused: o.reason } });
  } catch (e) {
    console.error("[AUDIT] could not record a refused attempt", e);
  }
}
