// Revoking keeps the row (the audit log and "last used" stay meaningful); withAuth refuses it at once.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZRevokeToken = z.object({ userId: z.string().min(1), tokenId: z.string().min(1).max(64) });

export async function revokeApiToken(raw: z.input<typeof ZRevokeToken>, meta: TAuditMeta = {}): Promise<{ id: string; revokedAt: Date }> {
  const input = ZRevokeToken.parse(raw);
  // Scoped to the owner: another user's token id is "not found", not "forbidden" (no probing).
  const t = await prisma.apiToken.findFirst({ where: { id: input.tokenId, userId: input.userId }, select: { id: true, name: true, revokedAt: true } });
  if (!t) throw new AppError("not_found", "No such token.", "tokenId");
  if (t.revokedAt) return { id: t.id, revokedAt: t.revokedAt };
  return prisma.$transaction(async (tx) => {
    const r = await tx.apiToken.update({ where: { id: t.id }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
    await recordAudit({ actorId: input.userId, action: "token.revoke", targetType: "token", targetId: t.id, data: { name: t.name }, ...meta }, tx);
    return { id: r.id, revokedAt: r.revokedAt! };
  });
}
