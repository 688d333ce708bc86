import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listPresets } from "@/lib/presets/list-presets";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { Badge } from "@/app/components/badge";
import { NewPresetPanel } from "@/app/(dash)/presets/new-preset-panel";
import { PresetRowActions } from "@/app/(dash)/presets/preset-row-actions";
import { formatDateTime } from "@/lib/format/format-time";

export const metadata: Metadata = { title: "Presets" };

export default async function PresetsPage({ searchParams }: { searchParams: Promise<{ archived?: string; new?: string }> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const showArchived = sp.archived === "1";
  const presets = await listPresets({ includeArchived: showArchived });
  const canEdit = hasRole(user.role, "OPERATOR");
  const creating = canEdit && sp.new === "1";
  const toggle = (
    <Link href={showArchived ? "/presets" : "/presets?archived=1"} className="text-xs text-zinc-500 underline-offset-2 hover:underline dark:text-zinc-400">
      {showArchived ? "Hide archived" : "Show archived"}
    </Link>
  );
  return (
    <div className="space-y-5">
      <PageHeader
        title="Presets"
        description="Named, versioned LLaMA-Factory training configs."
        actions={<>{toggle}{canEdit && presets.length > 0 && !creating ? <NewPresetPanel /> : null}</>}
      />
      {creating && presets.length > 0 && <NewPresetPanel defaultOpen cancelHref={showArchived ? "/presets?archived=1" : "/presets"} />}
      {presets.length === 0 ? (
        <EmptyState
          title="No presets yet"
          body={<>A preset is a LLaMA-Factory training YAML kept under a name, with every edit saved as a new version. Runs record
            the exact version and the overrides they used. Paste or upload a config from LLaMA-Factory&apos;s examples, or start from
            the starter (LoRA SFT of a 7B model on one 24 GB GPU).</>}
          action={canEdit ? <NewPresetPanel defaultOpen /> : null}
        />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                <th className="px-3 py-2 font-medium">Name</th>
                <th className="px-3 py-2 font-medium">Latest</th>
                <th className="px-3 py-2 font-medium">Updated</th>
                <th className="px-3 py-2 font-medium">By</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {presets.map((p) => (
                <tr key={p.id} data-testid="preset-row" className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                  <td className="px-3 py-2">
                    <Link href={`/presets/${p.id}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100">{p.name}</Link>
                    {p.archived && <span className="ml-2"><Badge>archived</Badge></span>}
                    {p.description && <div className="text-xs text-zinc-500 dark:text-zinc-400">{p.description}</div>}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{p.latestVersion ? `v${p.latestVersion}` : "-"}</td>
                  <td className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400" >{formatDateTime(p.updatedAt)}</td>
                  <td className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">{p.updatedBy ?? "-"}</td>
                  <td className="px-3 py-2 text-right">
                    {canEdit && <PresetRowActions id={p.id} name={p.name} archived={p.archived} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
