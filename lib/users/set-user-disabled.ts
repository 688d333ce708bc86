// Offboarding: an admin disables a user. Their sessions end and their API tokens are revoked in the
// same transaction; re-enabling lets them sign in again but brings no token back.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { assertNotLastAdmin, lockUsers } from "@/lib/users/admin-guard";
import { revokeAllAccess } from "@/lib/users/revoke-access";

export const ZSetUserDisabled = z.object({ actorId: z.string().min(1), userId: z.string().min(1).max(64), disabled: z.boolean() });

export async function setUserDisabled(raw: z.input<typeof ZSetUserDisabled>, meta: TAuditMeta = {}): Promise<{ id: string; disabled: boolean; changed: boolean }> {
  const input = ZSetUserDisabled.parse(raw);
  if (input.disabled && input.userId === input.actorId) throw new AppError("conflict", "You cannot disable yourself; ask another admin.", "userId");
  return prisma.$transaction(async (tx) => {
    await lockUsers(tx);
    const u = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, role: true, disabledAt: true } });
    if (!u) throw new AppError("not_found", "No such user.", "userId");
    if (Boolean(u.disabledAt) === input.disabled) return { id: u.id, disabled: input.disabled, changed: false };
    if (input.disabled) await assertNotLastAdmin(tx, u, "userId");
    await tx.user.update({ where: { id: u.id }, data: { disabledAt: input.disabled ? new Date() : null } });
    const revoked = input.disabled ? await revokeAllAccess(tx, u.id) : { sessions: 0, tokens: 0 };
    await recordAudit({ actorId: input.actorId, action: input.disabled ? "user.disable" : "user.enable", targetType: "user", targetId: u.id,
      data: { email: u.email, ...(input.disabled ? { sessionsEnded: revoked.sessions, tokensRevoked: revoked.tokens } : {}) }, ...meta }, tx);
    return { id: u.id, disabled: input.disabled, changed: true };
  });
}
