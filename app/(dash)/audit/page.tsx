import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { listAudit, listAuditFacets, ZAuditFilters } from "@/lib/audit/list-audit";
import { describeAudit } from "@/lib/audit/describe-audit";
import { PageHeader } from "@/app/components/page-header";
import { Badge } from "@/app/components/badge";
import { EmptyState } from "@/app/components/empty-state";
import { buttonClass } from "@/app/components/button";

export const metadata: Metadata = { title: "Audit log" };

const TARGET_LINK: Record<string, (id: string) => string> = { run: (id) => `/runs/${id}`, preset: (id) => `/presets/${id}`, host: () => "/hosts" };

// Read-only by design: the page (and the whole app) has no edit or delete path for audit rows.
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireUser();
  const sp = await searchParams;
  const raw = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v !== undefined && v !== ""));
  const filters = ZAuditFilters.parse(raw);
  const [{ rows, nextBefore }, facets] = await Promise.all([listAudit(filters, me), listAuditFacets()]);
  const active = Object.keys(raw).filter((k) => k !== "before").length > 0;
  const nextHref = nextBefore ? `/audit?${new URLSearchParams({ ...(raw as Record<string, string>), before: nextBefore })}` : null;
  return (
    <div className="space-y-5">
      <PageHeader title="Audit log" description="Who did what, when and from where. Entries are append-only; refused attempts are kept too." />
      {/* Explicit control heights (h-8.5): a select renders 2px shorter than an input, which put labels out of line. */}
      <form method="get" aria-label="Filter audit log" className="ff-card flex flex-wrap items-end gap-3 p-3">
        <label className="w-44"><span className="ff-label">Actor</span>
          <select name="actor" defaultValue={filters.actor ?? ""} className="ff-input h-8.5">
            <option value="">Anyone</option><option value="system">System</option>
            {facets.actors.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </label>
        <label className="w-44"><span className="ff-label">Action</span>
          <select name="action" defaultValue={filters.action ?? ""} className="ff-input h-8.5">
            <option value="">Any</option>
            {[...new Set(facets.actions.map((a) => a.split(".")[0]!))].map((p) => <option key={p} value={p}>{p}.*</option>)}
            {facets.actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label className="w-56"><span className="ff-label">Target (id or type)</span>
          <input name="target" defaultValue={filters.target ?? ""} className="ff-input h-8.5" placeholder="run id, preset id, “host”…" />
        </label>
        <label><span className="ff-label">From</span><input type="date" name="from" defaultValue={filters.from ?? ""} className="ff-input h-8.5" /></label>
        <label><span className="ff-label">To</span><input type="date" name="to" defaultValue={filters.to ?? ""} className="ff-input h-8.5" /></label>
        <label className="w-32"><span className="ff-label">Outcome</span>
          <select name="ok" defaultValue={filters.ok ?? ""} className="ff-input h-8.5">
            <option value="">All</option><option value="true">Allowed</option><option value="false">Refused</option>
          </select>
        </label>
        <button type="submit" className={`${buttonClass("primary")} h-8.5!`}>Filter</button>
        {active && <Link href="/audit" className={`${buttonClass("ghost")} h-8.5!`}>Clear</Link>}
      </form>
      {rows.length === 0 ? (
        <EmptyState title={active ? "No entries match" : "Nothing recorded yet"} body={active ? "Try a wider date range or another actor." : "Launches, stops, kills, preset and host changes, and user changes appear here."} />
      ) : (
        <div className="ff-card overflow-x-auto">
          <table className="ff-table" aria-label="Audit entries">
            <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              <tr><th className="px-3 py-2 font-medium">When</th><th className="font-medium">Who</th><th className="font-medium">Action</th><th className="font-medium">What</th><th className="font-medium">Target</th><th className="font-medium">From</th><th className="px-3 font-medium">Outcome</th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {rows.map((r) => {
                const link = r.targetId ? TARGET_LINK[r.targetType]?.(r.targetId) : undefined;
                const refused = (r.data as { refused?: string } | null)?.refused;
                return (
                  <tr key={r.id} data-testid="audit-row" data-action={r.action} data-ok={String(r.ok)} className={r.ok ? "" : "bg-red-50/60 dark:bg-red-950/30"}>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-xs text-zinc-600 dark:text-zinc-400" title={r.createdAt.toISOString()}>{r.createdAt.toISOString().replace("T", " ").slice(0, 19)}Z</td>
                    <td className="whitespace-nowrap" title={r.actorEmail ?? "system"}>{r.actorName ?? <span className="text-zinc-400">system</span>}</td>
                    <td className="whitespace-nowrap font-mono text-xs">{r.action}</td>
                    <td className="max-w-md">{describeAudit(r.action, r.data)}{refused && <div className="text-xs text-red-700 dark:text-red-300">{refused}</div>}</td>
                    <td className="whitespace-nowrap font-mono text-xs">{r.targetType}{r.targetId && <>{" "}{link ? <Link className="text-accent-600 hover:underline dark:text-accent-400" href={link} title={r.targetId}>{r.targetId.slice(0, 14)}</Link> : <span title={r.targetId}>{r.targetId.slice(0, 14)}</span>}</>}</td>
                    <td className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400" title={r.userAgent ?? (me.role === "ADMIN" ? "" : "Only admins see other people’s addresses")}>{r.ip ?? "—"}</td>
                    <td className="px-3">{r.ok ? <Badge tone="green">allowed</Badge> : <Badge tone="red">refused</Badge>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {nextHref && <Link href={nextHref} className={buttonClass("secondary")}>Older entries</Link>}
    </div>
  );
}
