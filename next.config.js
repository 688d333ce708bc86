// ssh2 ships a native addon Turbopack cannot bundle; the rest are server-only and faster unbundled.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["ssh2", "pg", "bullmq", "ioredis", "bcryptjs", "pg-copy-streams"],
  poweredByHeader: false,
  // Parallel checkouts / sessions on one box build into their own folder (NEXT_DIST_DIR=.next-foo).
  distDir: process.env.NEXT_DIST_DIR || ".next",
};
export default nextConfig;
