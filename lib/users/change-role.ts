// Role changes by an admin. The last admin cannot be demoted (nobody could manage users afterwards),
// which also covers an admin demoting themself when alone.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ROLES } from "@/lib/auth/roles";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { assertNotLastAdmin, lockUsers } from "@/lib/users/admin-guard";

export const ZChangeRole = z.object({ actorId: z.string().min(1), userId: z.string().min(1).max(64), role: z.enum(ROLES) });

export async function changeUserRole(raw: z.input<typeof ZChangeRole>, meta: TAuditMeta = {}): Promise<{ id: string; role: string; changed: boolean }> {
  const input = ZChangeRole.parse(raw);
  return prisma.$transaction(async (tx) => {
    // Serialises concurrent demotions so two admins cannot demote each other into zero admins.
    await lockUsers(tx);
    const u = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, role: true, disabledAt: true } });
    if (!u) throw new AppError("not_found", "No such user.", "userId");
    if (u.role === input.role) return { id: u.id, role: u.role, changed: false };
    await assertNotLastAdmin(tx, u, "role");
    await tx.user.update({ where: { id: u.id }, data: { role: input.role } });
    await recordAudit({ actorId: input.actorId, action: "user.role", targetType: "user", targetId: u.id, data: { email: u.email, from: u.role, to: input.role }, ...meta }, tx);
    return { id: u.id, role: input.role, changed: true };
  });
}
