// Everyone may read the audit log, but not everything in it: a webhook URL is often the credential
// itself (Slack-style hooks), and other people's IP addresses and user agents are personal data. For
// non-admins those are masked: URLs keep only scheme and host, and IP/user agent show only on the
// reader's own rows.
import type { TAuditRow } from "@/lib/audit/list-audit";
import type { TRole } from "@/lib/auth/roles";

function maskUrl(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    const u = new URL(v);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "…";
  }
}

export function maskAuditRow(row: TAuditRow, reader: { id: string; role: TRole }): TAuditRow {
  if (reader.role === "ADMIN") return row;
  const own = row.actorId === reader.id;
  let data = row.data;
  if (data && typeof data === "object" && !Array.isArray(data) && "url" in data) {
    data = { ...(data as Record<string, unknown>), url: maskUrl((data as Record<string, unknown>).url) };
  }
  return { ...row, data, ip: own ? row.ip : null, userAgent: own ? row.userAgent : null };
}
