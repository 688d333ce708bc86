// Client IP and user agent for rate limiting and the audit log. Behind a proxy the first
// X-Forwarded-For hop is the client; direct connections have no header, hence "local".
import { headers } from "next/headers";

export type TRequestMeta = { ip: string; userAgent: string | null; https: boolean };

export async function requestMeta(): Promise<TRequestMeta> {
  const h = await headers();
  const ip = h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "local";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const https = proto ? proto === "https" : (h.get("origin") ?? "").startsWith("https://");
  return { ip, userAgent: h.get("user-agent"), https };
}
