// Client IP and user agent for rate limiting, sessions and the audit log (server actions and pages;
// route handlers use lib/audit/meta-from-headers). The IP rule is lib/auth/client-ip.
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/auth/client-ip";

export type TRequestMeta = { ip: string; userAgent: string | null; https: boolean };

export async function requestMeta(): Promise<TRequestMeta> {
  const h = await headers();
  const ip = clientIp(h, env().TRUSTED_PROXY_COUNT);
  // A spoofed X-Forwarded-Proto can only make the client's own cookie Secure (harmless to others).
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const https = proto ? proto === "https" : (h.get("origin") ?? "").startsWith("https://");
  return { ip, userAgent: h.get("user-agent"), https };
}
