// ssh2 ships a native addon Turbopack cannot bundle; the rest are server-only and faster unbundled.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["ssh2", "pg", "bullmq", "ioredis", "bcryptjs"],
  poweredByHeader: false,
};
export default nextConfig;
