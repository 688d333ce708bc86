// "From where" for the audit log out of a request's headers (route handlers have the Request; server
// actions use lib/auth/request-meta). Same rule: first X-Forwarded-For hop, else "local".
import type { TAuditMeta } from "@/lib/audit/record-audit";

export function auditMetaFromHeaders(h: Headers): Required<TAuditMeta> {
  const ip = h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "local";
  return { ip: ip.slice(0, 100), userAgent: h.get("user-agent")?.slice(0, 300) ?? null };
}
