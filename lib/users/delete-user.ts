// Offboarding for good: the user row goes (sessions and tokens cascade with it); the runs, presets
// and audit rows they made stay, with the author shown as removed (foreign keys SET NULL).
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { assertNotLastAdmin, lockUsers } from "@/lib/users/admin-guard";
import { revokeAllAccess } from "@/lib/users/revoke-access";

export const ZDeleteUser = z.object({ actorId: z.string().min(1), userId: z.string().min(1).max(64) });

export async function deleteUser(raw: z.input<typeof ZDeleteUser>, meta: TAuditMeta = {}): Promise<{ id: string; email: string }> {
  const input = ZDeleteUser.parse(raw);
  if (input.userId === input.actorId) throw new AppError("conflict", "You cannot delete yourself; ask another admin.", "userId");
  return prisma.$transaction(async (tx) => {
    await lockUsers(tx);
    const u = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, name: true, role: true, disabledAt: true } });
    if (!u) throw new AppError("not_found", "No such user.", "userId");
    await assertNotLastAdmin(tx, u, "userId");
    const revoked = await revokeAllAccess(tx, u.id);
    await tx.user.delete({ where: { id: u.id } });
    // Written after the delete: the row names the user by email, since the id no longer resolves.
    await recordAudit({ actorId: input.actorId, action: "user.delete", targetType: "user", targetId: u.id,
      data: { email: u.email, name: u.name, role: u.role, sessionsEnded: revoked.sessions, tokensRevoked: revoked.tokens }, ...meta }, tx);
    return { id: u.id, email: u.email };
  });
}
