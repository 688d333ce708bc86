// Ends every session and revokes every API token of a user, in the caller's transaction: the moment
// it commits, nothing the user holds works any more.
import type { Prisma } from "@/lib/db";

export async function revokeAllAccess(tx: Prisma.TransactionClient, userId: string, o: { keepSessionTokenHash?: string } = {}): Promise<{ sessions: number; tokens: number }> {
  const sessions = await tx.session.deleteMany({ where: { userId, ...(o.keepSessionTokenHash ? { tokenHash: { not: o.keepSessionTokenHash } } : {}) } });
  const tokens = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return { sessions: sessions.count, tokens: tokens.count };
}
