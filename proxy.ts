// Runs before every request except Next's static assets:
// - a URL with a NUL byte or malformed percent-encoding is a 400 here, before anything decodes it;
// - pages get a per-request CSP nonce (Next reads it from the request's CSP header and puts it on its
//   own scripts; the root layout reads x-nonce for ours);
// - fast path only: no session cookie → sign-in page. The real check (a valid, unexpired session)
//   happens server-side in requireUser/withAuth; this just spares a render for anonymous visitors.
// API routes answer 401 JSON themselves (machine clients must not get an HTML redirect).
import { NextResponse, type NextRequest } from "next/server";
import { badEncodingRefusal } from "@/lib/http/request-guard";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

const SESSION_COOKIE = "ff_session"; // mirrors lib/auth/cookie-options

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const isApi = pathname.startsWith("/api/");
  // The raw URL (next.config.js skipProxyUrlNormalize): normalised, a malformed "%zz" would arrive
  // here as a well-formed "%25zz".
  const refusal = badEncodingRefusal(new URL(req.url));
  if (refusal) {
    return isApi
      ? NextResponse.json({ error: { code: "invalid", message: refusal } }, { status: 400 })
      : new NextResponse(refusal, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  if (isApi || /\.(?:png|svg|ico|txt)$/.test(pathname)) return NextResponse.next();

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(req.headers);
  headers.set("x-ff-path", pathname + search);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  let res: NextResponse;
  if (pathname === "/signin" || req.cookies.has(SESSION_COOKIE)) {
    res = NextResponse.next({ request: { headers } });
  } else {
    const url = req.nextUrl.clone();
    url.pathname = "/signin";
    url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    res = NextResponse.redirect(url);
  }
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
