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

export const metadata: Metadata = { title: "Hosts" };

export default async function HostsPage() {
  const user = await requireUser();
  const hosts = await listHosts();
  const holders = await listHostHolders(hosts.map((h) => h.id));
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
        actions={canAdd && hosts.length > 0 ? <AddHostPanel /> : null}
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
    </div>
  );
}
