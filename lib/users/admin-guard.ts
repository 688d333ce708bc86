// Shared by role changes, disabling and deleting: someone must always be able to manage users.
// Callers hold the users advisory lock (USERS_LOCK) so two admins cannot remove each other at once.
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db";

export const USERS_LOCK = 727001;

export async function lockUsers(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK})`;
}

/** Throws when removing `userId` from the active admins would leave none. */
export async function assertNotLastAdmin(tx: Prisma.TransactionClient, u: { id: string; role: string; disabledAt: Date | null }, field: string): Promise<void> {
  if (u.role !== "ADMIN" || u.disabledAt) return;
  const admins = await tx.user.count({ where: { role: "ADMIN", disabledAt: null } });
  if (admins <= 1) throw new AppError("conflict", "This is the last admin; make someone else an admin first.", field);
}
