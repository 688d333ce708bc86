// Creates a personal API token. The plain token is returned exactly once; the row keeps its hash.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashApiToken, newApiToken } from "@/lib/tokens/token-format";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZTokenName = z.string().trim().min(1, "Name is required.").max(80, "Name is at most 80 characters.")
  .regex(/^[^\u0000-\u001f\u007f]+$/, "Name cannot contain control characters.");
export const ZCreateToken = z.object({ userId: z.string().min(1), name: ZTokenName });

/** A user with this many live tokens must revoke one first (a cap, not a quota: leaks are cheaper to audit). */
export const MAX_ACTIVE_TOKENS = 50;

export async function createApiToken(raw: z.input<typeof ZCreateToken>, meta: TAuditMeta = {}): Promise<{ id: string; name: string; token: string }> {
  const input = ZCreateToken.parse(raw);
  const active = await prisma.apiToken.count({ where: { userId: input.userId, revokedAt: null } });
  if (active >= MAX_ACTIVE_TOKENS) throw new AppError("conflict", `You already have ${active} active tokens; revoke one first.`, "name");
  const token = newApiToken();
  const row = await prisma.$transaction(async (tx) => {
    const t = await tx.apiToken.create({ data: { userId: input.userId, name: input.name, tokenHash: hashApiToken(token) }, select: { id: true, name: true } });
    await recordAudit({ actorId: input.userId, action: "token.create", targetType: "token", targetId: t.id, data: { name: t.name }, ...meta }, tx);
    return t;
  });
  return { ...row, token };
}
