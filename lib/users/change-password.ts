// A user replaces their own password (and must, after an invite). The current password is required
// even when signed in (a borrowed session cannot lock the owner out); every other session ends.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { hashSessionToken } from "@/lib/auth/session-token";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZNewPassword = z.string().min(10, "The new password must be at least 10 characters.").max(200, "The new password is at most 200 characters.");

export const ZChangePassword = z.object({
  userId: z.string().min(1),
  current: z.string().min(1, "Enter your current password.").max(200),
  next: ZNewPassword,
  /** The session making the change stays signed in. */
  keepSessionToken: z.string().optional(),
});

export async function changePassword(raw: z.input<typeof ZChangePassword>, meta: TAuditMeta = {}): Promise<void> {
  const r = ZChangePassword.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AppError("invalid", issue?.message ?? "Invalid input.", String(issue?.path[0] ?? "next"));
  }
  const input = r.data;
  const u = await prisma.user.findUnique({ where: { id: input.userId }, select: { id: true, passwordHash: true } });
  if (!u || !(await verifyPassword(input.current, u.passwordHash))) throw new AppError("invalid", "The current password is not right.", "current");
  if (input.next === input.current) throw new AppError("invalid", "Choose a password different from the current one.", "next");
  const passwordHash = await hashPassword(input.next);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: u.id }, data: { passwordHash, mustChangePassword: false, passwordExpiresAt: null } });
    await tx.session.deleteMany({ where: { userId: u.id, ...(input.keepSessionToken ? { tokenHash: { not: hashSessionToken(input.keepSessionToken) } } : {}) } });
    await recordAudit({ actorId: u.id, action: "user.password", targetType: "user", targetId: u.id, data: {}, ...meta }, tx);
  });
}
