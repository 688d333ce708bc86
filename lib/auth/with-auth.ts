// Wraps every route handler: resolves the caller (session cookie or Bearer API token),
// checks the role, maps errors to JSON `{error: {code, message, field?}}`.
import { NextResponse, type NextRequest } from "next/server";
import { AppError, httpStatusFor, toErrorBody } from "@/lib/errors";
import { SESSION_COOKIE } from "@/lib/auth/cookie-options";
import { userForApiToken, userForSessionToken, type TCurrentUser } from "@/lib/auth/current-user";
import { assertRole } from "@/lib/auth/require-role";
import type { TRole } from "@/lib/auth/roles";
import { csrfRefusal } from "@/lib/auth/csrf";
import { env } from "@/lib/env";

export type TAuthedContext<P> = { params: Promise<P>; user: TCurrentUser };

/** APP_URL, and the origin the browser used to reach us (Host header; NextURL rewrites 127.0.0.1 to localhost). */
function allowedOrigins(req: NextRequest): string[] {
  const host = req.headers.get("host");
  const own = host ? `${req.nextUrl.protocol}//${host}` : null;
  return [...new Set([new URL(env().APP_URL).origin, ...(own ? [own] : [])])];
}

async function resolveCaller(req: NextRequest): Promise<TCurrentUser | null> {
  const auth = req.headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) {
    // A token that was sent but matches nothing is not "not signed in": say what is wrong with it.
    const user = await userForApiToken(auth.slice(7).trim());
    if (!user) throw new AppError("unauthorized", "This API token is invalid or revoked (or its user was disabled). Create a new one in Settings → API tokens.");
    return user;
  }
  const cookie = req.cookies.get(SESSION_COOKIE)?.value;
  if (!cookie) return null;
  // The cookie is an ambient credential: refuse cross-site use before looking anything up.
  const refusal = csrfRefusal({
    method: req.method, origin: req.headers.get("origin"), referer: req.headers.get("referer"), contentType: req.headers.get("content-type"),
    allowedOrigins: allowedOrigins(req),
  });
  if (refusal) throw refusal;
  return userForSessionToken(cookie);
}

export function errorResponse(err: unknown): NextResponse {
  const body = toErrorBody(err);
  if (body.code === "internal") console.error("[API] unexpected error", err);
  return NextResponse.json({ error: body }, { status: httpStatusFor(body.code) });
}

export function withAuth<P = Record<string, string>>(
  handler: (req: NextRequest, ctx: TAuthedContext<P>) => Promise<Response>,
  opts: { role?: TRole } = {},
): (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response> {
  return async (req, ctx) => {
    try {
      const user = assertRole(await resolveCaller(req), opts.role ?? "VIEWER");
      return await handler(req, { params: ctx.params, user });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export { AppError };
