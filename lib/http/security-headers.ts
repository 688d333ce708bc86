// Response headers every page and route carries. The CSP is per request (proxy.ts): Next.js App Router
// pages need inline scripts (the RSC payload, hydration bootstrap, our theme script); each gets the
// request's nonce, so no 'unsafe-inline' for scripts, and 'strict-dynamic' lets those scripts load the
// app's chunks. Styles keep 'unsafe-inline': React renders style="" attributes (bars, chart sizes)
// that a nonce cannot cover, and a style cannot run code. frame-ancestors 'none' (and X-Frame-Options
// for old browsers) keeps the run page's Stop/Kill buttons out of other sites' frames.
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // Dev mode (React refresh, error overlay) evaluates code; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
// The static headers (nosniff, X-Frame-Options, Referrer-Policy…) are set for every response in next.config.js.
