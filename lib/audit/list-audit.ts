// The audit page's read: filters by actor, action, target and date range, newest first, keyset-paged
// by id (append-only rows make id order = insertion order).
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { maskAuditRow } from "@/lib/audit/mask-audit";
import type { TRole } from "@/lib/auth/roles";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");

/** URL search params → filters. Bad values are dropped so a stale or hand-edited link still opens. */
export const ZAuditFilters = z.object({
  actor: z.string().max(64).optional().catch(undefined),
  action: z.string().max(64).optional().catch(undefined),
  target: z.string().max(200).optional().catch(undefined),
  from: ZDay.optional().catch(undefined),
  to: ZDay.optional().catch(undefined),
  ok: z.enum(["true", "false"]).optional().catch(undefined),
  before: z.coerce.bigint().optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(500).default(100).catch(100),
});
export type TAuditFilters = z.output<typeof ZAuditFilters>;

export type TAuditRow = {
  id: string; createdAt: Date; actorId: string | null; actorName: string | null; actorEmail: string | null;
  action: string; targetType: string; targetId: string | null; ok: boolean; ip: string | null; userAgent: string | null;
  data: unknown;
};

export function auditWhere(f: TAuditFilters): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (f.actor) and.push(f.actor === "system" ? { actorId: null } : { actorId: f.actor });
  // "run.stop" matches exactly; "run" matches every run.* action.
  if (f.action) and.push(f.action.includes(".") ? { action: f.action } : { action: { startsWith: `${f.action}.` } });
  if (f.target) and.push({ OR: [{ targetId: f.target }, { targetType: f.target }] });
  if (f.from) and.push({ createdAt: { gte: new Date(`${f.from}T00:00:00.000Z`) } });
  if (f.to) and.push({ createdAt: { lt: new Date(new Date(`${f.to}T00:00:00.000Z`).getTime() + 86_400_000) } });
  if (f.ok) and.push({ ok: f.ok === "true" });
  if (f.before !== undefined) and.push({ id: { lt: f.before } });
  return and.length ? { AND: and } : {};
}

/** `reader`: who is looking; non-admins get rows masked by lib/audit/mask-audit. */
export async function listAudit(f: TAuditFilters, reader: { id: string; role: TRole }): Promise<{ rows: TAuditRow[]; nextBefore: string | null }> {
  const rows = await prisma.auditEvent.findMany({
    where: auditWhere(f),
    orderBy: { id: "desc" },
    take: f.limit + 1,
    include: { actor: { select: { name: true, email: true } } },
  });
  const page = rows.slice(0, f.limit);
  return {
    rows: page.map(({ actor, id, ...r }) => maskAuditRow({ ...r, id: id.toString(), actorName: actor?.name ?? null, actorEmail: actor?.email ?? null }, reader)),
    nextBefore: rows.length > f.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** Distinct actions and actors for the filter dropdowns. */
export async function listAuditFacets(): Promise<{ actions: string[]; actors: { id: string; name: string }[] }> {
  const [actions, actors] = await Promise.all([
    prisma.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    prisma.user.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { actions: actions.map((a) => a.action), actors };
}
