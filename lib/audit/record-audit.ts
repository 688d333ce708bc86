// Appends one audit row (who, what, on what, from where, ok or refused). The app has no update or
// delete path for audit rows; this and the lib functions' own inserts are the only writers.
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { SlidingWindowLimiter } from "@/lib/auth/rate-limiter";

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

// Refusals cost the caller nothing (a forged cookie is free), so each client gets a budget of rows
// per minute; past it the attempt is still refused, just not recorded again (one warning per window).
// Signed-in users are accountable and get a larger budget than anonymous clients (keyed by IP).
export const REFUSAL_ROWS_PER_MINUTE = { anonymous: 10, user: 30 };
const gl = globalThis as unknown as { ffRefusalLimiters?: Record<"anonymous" | "user", SlidingWindowLimiter>; ffRefusalWarned?: Map<string, number> };

function refusalBudget(kind: "anonymous" | "user", key: string): boolean {
  gl.ffRefusalLimiters ??= { anonymous: new SlidingWindowLimiter(REFUSAL_ROWS_PER_MINUTE.anonymous, 60_000), user: new SlidingWindowLimiter(REFUSAL_ROWS_PER_MINUTE.user, 60_000) };
  const l = gl.ffRefusalLimiters[kind];
  if (l.check(key).allowed) {
    l.recordFailure(key);
    return true;
  }
  const warned = (gl.ffRefusalWarned ??= new Map());
  if ((warned.get(key) ?? 0) < Date.now() - 60_000) {
    warned.set(key, Date.now());
    console.warn(`[AUDIT] more than ${REFUSAL_ROWS_PER_MINUTE[kind]} refused attempts a minute from ${key}; not recording each one`);
  }
  return false;
}

/** A refused attempt (403) is evidence too: recorded with ok=false and the reason. Never throws. */
export async function recordRefusal(o: { actorId: string | null; action: string; targetType: string; targetId?: string | null; reason: string; data?: Record<string, unknown> } & TAuditMeta): Promise<void> {
  if (!(o.actorId ? refusalBudget("user", `user ${o.actorId}`) : refusalBudget("anonymous", `ip ${o.ip ?? "unknown"}`))) return;
  try {
    await recordAudit({ actorId: o.actorId, action: o.action, targetType: o.targetType, targetId: o.targetId ?? null, ok: false,
      ip: o.ip ?? null, userAgent: o.userAgent ?? null, data: { ...o.data, refused: o.reason } });
  } catch (e) {
    console.error("[AUDIT] could not record a refused attempt", e);
  }
}
