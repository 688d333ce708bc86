import { formatAgo, formatDateTime } from "@/lib/format/format-time";
import type { THostDto } from "@/lib/hosts/host-dto";
import { Badge } from "@/app/components/badge";
import { GpuTable } from "@/app/(dash)/hosts/gpu-table";
import { RefreshGpusButton } from "@/app/(dash)/hosts/refresh-gpus-button";
import { RuntimePanel } from "@/app/(dash)/hosts/runtime-panel";
import { ImportPanel } from "@/app/(dash)/hosts/import-panel";
import { AdoptPanel } from "@/app/(dash)/hosts/adopt-panel";
import { HostHolder } from "@/app/(dash)/hosts/host-holder";
import type { THostHolder } from "@/lib/fleet/list-host-holders";

export function HostCard({ host, canRefresh, canEdit = false, holder = null, loginOf }: { host: THostDto; canRefresh: boolean; canEdit?: boolean; holder?: THostHolder | null; loginOf?: string }) {
  const free = host.gpus.filter((g) => !g.busyRunId).length;
  return (
    <section className="ff-card" aria-label={`Host ${host.name}`} data-testid={`host-${host.name}`}>
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">{host.name}</h2>
        {loginOf && <Badge tone="accent" title="Runs are submitted from here with sbatch; its runtime profile is what the batch script activates">Login node of {loginOf}</Badge>}
        {host.status === "ONLINE" ? <Badge tone="green">Online</Badge> : <Badge tone="amber">Unreachable</Badge>}
        <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">
          {host.username}@{host.address}:{host.port}
        </span>
        {!loginOf && (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {free}/{host.gpus.length} GPUs free
          </span>
        )}
        <span className="text-xs text-zinc-500 dark:text-zinc-400" title={host.lastSeenAt ? formatDateTime(host.lastSeenAt) : undefined}>
          seen {formatAgo(host.lastSeenAt)}
        </span>
        {!loginOf && (
          <span className="text-xs text-zinc-500 dark:text-zinc-400" title={host.lastPolledAt ? `nvidia-smi last read by the worker at ${formatDateTime(host.lastPolledAt)}` : "The worker has not polled this host yet"} data-testid="host-last-poll">
            GPUs polled {formatAgo(host.lastPolledAt)}
          </span>
        )}
        <HostHolder holder={holder} />
        <code className="hidden truncate font-mono text-[11px] text-zinc-400 lg:inline" title="Pinned host key">
          {host.hostKeyFingerprint}
        </code>
        <div className="ml-auto">{canRefresh && !loginOf && <RefreshGpusButton hostId={host.id} />}</div>
      </header>
      {host.lastError && host.status !== "ONLINE" && (
        <p role="alert" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          {host.lastError}
        </p>
      )}
      <RuntimePanel host={host} canEdit={canEdit} />
      {!loginOf && (
        <>
          {/* LLaMA-Board writes saves/ in its working dir, which is the LF checkout on most servers. */}
          <ImportPanel hostId={host.id} hostName={host.name} canImport={canRefresh} defaultPath={`${(host.runtime?.lfDirAbs ?? host.profile?.lfDir ?? "~/LLaMA-Factory").replace(/\/$/, "")}/saves`} />
          <AdoptPanel hostId={host.id} hostName={host.name} canAdopt={canRefresh} />
          <div className="px-1 py-1">
            <GpuTable gpus={host.gpus} />
          </div>
        </>
      )}
    </section>
  );
}
