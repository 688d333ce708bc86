// Who is asking. Pages, actions and handlers all resolve the user through here.
import { cache } from "react";
import { cookies } from "next/headers";
import { prisma } from "@/lib/db";
import { SESSION_COOKIE } from "@/lib/auth/cookie-options";
import { hashSessionToken } from "@/lib/auth/session-token";
import type { TRole } from "@/lib/auth/roles";

/** Safe to pass to client components: no password hash, no tokens. */
export type TCurrentUser = { id: string; email: string; name: string; role: TRole; mustChangePassword: boolean };

const USER_SELECT = { id: true, email: true, name: true, role: true, mustChangePassword: true, disabledAt: true } as const;

function active<T extends { disabledAt: Date | null }>(u: T): Omit<T, "disabledAt"> | null {
  // Disabling deletes sessions and revokes tokens in the same transaction; this is the second lock.
  if (u.disabledAt) return null;
  const { disabledAt: _, ...rest } = u;
  return rest;
}

export async function userForSessionToken(token: string | undefined): Promise<TCurrentUser | null> {
  if (!token) return null;
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    select: { expiresAt: true, user: { select: USER_SELECT } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return active(session.user);
}

/** Bearer tokens (ApiToken rows, stored as SHA-256 hex like sessions) for machine clients. */
export async function userForApiToken(token: string): Promise<TCurrentUser | null> {
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    select: { id: true, revokedAt: true, user: { select: USER_SELECT } },
  });
  if (!row || row.revokedAt || row.user.disabledAt) return null;
  // Best effort: a failed bookkeeping write must not fail the request.
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return active(row.user);
}

/** Per-request memoised: a layout and its page share one lookup. */
export const getCurrentUser = cache(async (): Promise<TCurrentUser | null> => {
  const jar = await cookies();
  return userForSessionToken(jar.get(SESSION_COOKIE)?.value);
});
