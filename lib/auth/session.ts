// Creating and ending sessions (cookie + Session row together).
import { cookies } from "next/headers";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/cookie-options";
import { hashSessionToken, newSessionToken, SESSION_TTL_MS } from "@/lib/auth/session-token";
import type { TRequestMeta } from "@/lib/auth/request-meta";

export async function startSession(userId: string, meta: TRequestMeta): Promise<void> {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await prisma.session.create({
    data: { tokenHash: hashSessionToken(token), userId, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 500) ?? null },
  });
  const jar = await cookies();
  jar.set(SESSION_COOKIE, token, sessionCookieOptions({ setting: env().SESSION_COOKIE_SECURE, https: meta.https, expires: expiresAt }));
}

export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await prisma.session.deleteMany({ where: { tokenHash: hashSessionToken(token) } });
  jar.delete(SESSION_COOKIE);
}
