// ssh2 ships a native addon Turbopack cannot bundle; the rest are server-only and faster unbundled.
// Security headers for every response (pages, API routes, static files); the per-request CSP with its
// nonce is set by proxy.ts (lib/http/security-headers.ts).
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["ssh2", "pg", "bullmq", "ioredis", "bcryptjs", "pg-copy-streams"],
  poweredByHeader: false,
  // proxy.ts must see the URL as sent: normalising re-encodes a malformed query ("%zz" -> "%25zz"),
  // which then reaches a page's decodeURIComponent instead of being refused with a 400.
  skipProxyUrlNormalize: true,
  // Parallel checkouts / sessions on one box build into their own folder (NEXT_DIST_DIR=.next-foo).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  async headers() {
    return [{
      source: "/:path*",
      headers: [
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Referrer-Policy", value: "same-origin" },
        { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
      ],
    }];
  },
};
export default nextConfig;
