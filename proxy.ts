// Fast path only: no session cookie → sign-in page. The real check (a valid, unexpired session)
// happens server-side in requireUser/withAuth; this just spares a render for anonymous visitors.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIE = "ff_session"; // mirrors lib/auth/cookie-options (proxy stays dependency-free)

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const headers = new Headers(req.headers);
  headers.set("x-ff-path", pathname + search);
  if (pathname === "/signin" || req.cookies.has(SESSION_COOKIE)) {
    return NextResponse.next({ request: { headers } });
  }
  const url = req.nextUrl.clone();
  url.pathname = "/signin";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // API routes answer 401 JSON themselves (machine clients must not get an HTML redirect).
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};
