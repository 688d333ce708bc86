// "From where" for the audit log out of a request's headers (route handlers have the Request; server
// actions use lib/auth/request-meta). Same rule for the IP: lib/auth/client-ip.
import type { TAuditMeta } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/auth/client-ip";

export function auditMetaFromHeaders(h: Headers): Required<TAuditMeta> {
  return { ip: clientIp(h, env().TRUSTED_PROXY_COUNT), userAgent: h.get("user-agent")?.slice(0, 300) ?? null };
}
