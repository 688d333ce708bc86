// Who is asking. Pages, actions and handlers all resolve the user through here.
import { cache } from "react";
import { cookies } from "next/headers";
import { prisma } from "@/lib/db";
import { SESSION_COOKIE } from "@/lib/auth/cookie-options";
import { hashSessionToken } from "@/lib/auth/session-token";
import type { TRole } from "@/lib/auth/roles";

/** Safe to pass to client components: no password hash, no tokens. */
export type TCurrentUser = { id: string; email: string; name: string; role: TRole };

export async function userForSessionToken(token: string | undefined): Promise<TCurrentUser | null> {
  if (!token) return null;
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return session.user;
}

/** Bearer tokens (ApiToken rows, stored as SHA-256 hex like sessions) for machine clients. */
export async function userForApiToken(token: string): Promise<TCurrentUser | null> {
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    select: { id: true, revokedAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!row || row.revokedAt) return null;
  // Best effort: a failed bookkeeping write must not fail the request.
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return row.user;
}

/** Per-request memoised: a layout and its page share one lookup. */
export const getCurrentUser = cache(async (): Promise<TCurrentUser | null> => {
  const jar = await cookies();
  return userForSessionToken(jar.get(SESSION_COOKIE)?.value);
});
