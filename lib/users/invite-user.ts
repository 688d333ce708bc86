// Admin invite: a new user with a random temporary password, shown to the admin once (they pass it
// on; the user signs in with it). Only its hash is stored, via lib/auth/password. The temporary
// password expires after INVITE_PASSWORD_TTL_MS and must be replaced at first sign-in.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const INVITE_PASSWORD_TTL_MS = 72 * 60 * 60 * 1000;

export const ZInviteUser = z.object({
  actorId: z.string().min(1),
  email: z.string().trim().toLowerCase().email("Enter a valid email address."),
  name: z.string().trim().min(1, "Name is required.").max(100, "Name is at most 100 characters.")
    .regex(/^[^\u0000-\u001f\u007f]+$/, "Name cannot contain control characters."),
  role: z.enum(ROLES),
});

/** 16 characters from an alphabet without look-alikes (0/O, 1/l/I): read aloud or retyped safely. */
export function temporaryPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(16);
  // 256 % 56 != 0 leaves a tiny bias; irrelevant at 16 chars (~92 bits) for a password the user replaces.
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

export async function inviteUser(raw: z.input<typeof ZInviteUser>, meta: TAuditMeta = {}): Promise<{ id: string; email: string; temporaryPassword: string }> {
  const input = ZInviteUser.parse(raw);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  try {
    const u = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash,
        mustChangePassword: true, passwordExpiresAt: new Date(Date.now() + INVITE_PASSWORD_TTL_MS) }, select: { id: true, email: true } });
      await recordAudit({ actorId: input.actorId, action: "user.invite", targetType: "user", targetId: created.id, data: { email: created.email, role: input.role }, ...meta }, tx);
      return created;
    });
    return { ...u, temporaryPassword: password };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      throw new AppError("conflict", `A user with the email ${input.email} already exists.`, "email");
    throw e;
  }
}
