import { prisma } from "@/lib/db";

export type TApiTokenDto = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** A user's tokens, newest first. Never returns the hash. */
export async function listApiTokens(opts: { userId: string }): Promise<TApiTokenDto[]> {
  return prisma.apiToken.findMany({
    where: { userId: opts.userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
