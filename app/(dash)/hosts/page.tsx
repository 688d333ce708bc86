import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listHosts } from "@/lib/hosts/list-hosts";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { AddHostPanel } from "@/app/(dash)/hosts/add-host-panel";
import { HostCard } from "@/app/(dash)/hosts/host-card";
import { AutoRefresh } from "@/app/components/auto-refresh";
import { listHostHolders } from "@/lib/fleet/list-host-holders";
import { listClusters } from "@/lib/slurm/create-cluster";
import { AddClusterPanel } from "@/app/(dash)/hosts/add-cluster-panel";
import { ClusterCard } from "@/app/(dash)/hosts/cluster-card";

export const metadata: Metadata = { title: "Hosts" };

export default async function HostsPage() {
  const user = await requireUser();
  const [allHosts, clusters] = await Promise.all([listHosts(), listClusters()]);
  // A cluster's login node is a host row (its key, its runtime profile), shown under its cluster.
  const loginOf = new Map(clusters.map((c) => [c.loginHost.id, c.name]));
  const hosts = allHosts.filter((h) => !loginOf.has(h.id));
  const logins = allHosts.filter((h) => loginOf.has(h.id));
  const holders = await listHostHolders(allHosts.map((h) => h.id));
  const canAdd = hasRole(user.role, "ADMIN");
  const canRefresh = hasRole(user.role, "OPERATOR");
  const gpuTotal = hosts.reduce((n, h) => n + h.gpus.length, 0);
  const gpuBusy = hosts.reduce((n, h) => n + h.gpus.filter((g) => g.busyRunId).length, 0);
  return (
    <div className="space-y-5">
      {/* The worker polls nvidia-smi every 10 s; keep the numbers on screen current. */}
      <AutoRefresh everyMs={10_000} />
      <PageHeader
        title="Hosts"
        description={hosts.length === 0 ? "GPU machines reachable over SSH." : `${hosts.length} host${hosts.length === 1 ? "" : "s"} · ${gpuTotal - gpuBusy} of ${gpuTotal} GPUs free`}
        actions={canAdd && hosts.length > 0 ? <div className="flex items-center gap-2"><AddClusterPanel /><AddHostPanel /></div> : null}
      />
      {hosts.length === 0 ? (
        <EmptyState
          title="Add your first GPU host"
          body={
            canAdd
              ? "Factory Floor connects over SSH with a private key you paste here, pins the host key you confirm, and reads the GPUs with nvidia-smi. Nothing needs to be installed on the host."
              : "No GPU hosts yet. Ask an admin to add one."
          }
          action={canAdd ? <AddHostPanel defaultOpen /> : null}
        />
      ) : (
        <div className="space-y-4">
          {hosts.map((h) => (
            <HostCard key={h.id} host={h} canRefresh={canRefresh} canEdit={canAdd} holder={holders.get(h.id) ?? null} />
          ))}
        </div>
      )}
      {(clusters.length > 0 || (canAdd && hosts.length === 0)) && (
        <section aria-label="Slurm clusters" className="space-y-4 pt-2">
          <div className="flex items-center justify-between">
            <div>
              <h2 className="text-base font-semibold">Slurm clusters</h2>
              <p className="text-sm text-zinc-500 dark:text-zinc-400">Runs are submitted with sbatch from the login node; Slurm picks the node and GPUs and holds the queue.</p>
            </div>
            {canAdd && hosts.length === 0 && <AddClusterPanel />}
          </div>
          {clusters.map((c) => (
            <div key={c.id} className="space-y-2">
              <ClusterCard cluster={c} />
              {logins.filter((h) => h.id === c.loginHost.id).map((h) => (
                <HostCard key={h.id} host={h} canRefresh={canRefresh} canEdit={canAdd} loginOf={c.name} holder={holders.get(h.id) ?? null} />
              ))}
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
