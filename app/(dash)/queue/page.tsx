import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require-user";
import { listQueue } from "@/lib/dashboard/list-queue";
import { listSlurmPending } from "@/lib/dashboard/list-slurm-pending";
import { formatAgo } from "@/lib/format/format-time";
import { groupGpuHolders, gpuLabel } from "@/lib/runs/group-gpu-holders";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { Badge } from "@/app/components/badge";
import { buttonClass } from "@/app/components/button";
import { AutoRefresh } from "@/app/components/auto-refresh";

export const metadata: Metadata = { title: "Queue" };

export default async function QueuePage() {
  await requireUser();
  const [hosts, slurm] = await Promise.all([listQueue(), listSlurmPending()]);
  const total = hosts.reduce((n, h) => n + h.entries.length, 0);
  return (
    <div className="space-y-5">
      <AutoRefresh everyMs={3000} />
      <PageHeader
        title="Queue"
        description={total ? `${total} run${total === 1 ? "" : "s"} waiting for GPUs. Each host starts its queue in this order (priority, then launch time).` : "Runs waiting for busy GPUs show up here."}
      />
      {slurm.map((c) => (
        <section key={c.clusterId} className="ff-card" aria-label={`Slurm queue on ${c.name}`} data-testid={`slurm-queue-${c.name}`}>
          <header className="flex items-center gap-3 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
            <h2 className="text-sm font-semibold">{c.name}</h2>
            <Badge tone="accent">Slurm</Badge>
            <span className="text-xs text-zinc-500">{c.entries.length} submitted, not running yet · partition {c.partition} · order and reasons from squeue</span>
          </header>
          <table className="ff-table">
            <thead>
              <tr><th className="w-12">#</th><th>Run</th><th>Job</th><th>GPUs</th><th>State</th><th>Reason</th><th>Launched</th></tr>
            </thead>
            <tbody>
              {c.entries.map((e) => (
                <tr key={e.id} data-run-id={e.id}>
                  <td className="font-mono text-zinc-500">{e.queuePosition ?? "–"}</td>
                  <td className="max-w-56"><Link href={`/runs/${e.id}`} className="block truncate font-medium hover:text-accent-600 dark:hover:text-accent-400" title={e.name}>{e.name}</Link></td>
                  <td className="font-mono text-xs">{e.slurmJobId ?? "submitting"}</td>
                  <td className="font-mono text-xs">gpu:{e.gpuIndices.length}</td>
                  <td className="text-xs">{e.slurmState ?? "–"}</td>
                  <td className="text-xs"><code className="font-mono">{e.queueReason ?? "–"}</code></td>
                  <td className="whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400">{formatAgo(e.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {hosts.length === 0 && slurm.length > 0 ? null : hosts.length === 0 ? (
        <EmptyState
          title="Nothing is waiting"
          body="A run whose GPUs are busy waits here and starts by itself when they free up. Launch a run from a preset to use a GPU now."
          action={<Link href="/presets" className={buttonClass("secondary")}>Go to presets</Link>}
        />
      ) : (
        hosts.map((h) => (
          <section key={h.hostId} className="ff-card" aria-label={`Queue on ${h.hostName}`}>
            <header className="flex items-center gap-3 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
              <h2 className="text-sm font-semibold">{h.hostName}</h2>
              {h.status !== "ONLINE" && <Badge tone="amber">Unreachable</Badge>}
              <span className="text-xs text-zinc-500">{h.entries.length} queued</span>
            </header>
            <table className="ff-table">
              <thead>
                <tr>
                  <th className="w-12">#</th>
                  <th>Run</th>
                  <th>GPUs</th>
                  <th>Waiting for</th>
                  <th>Preset</th>
                  <th className="text-right">Priority</th>
                  <th>Launched</th>
                </tr>
              </thead>
              <tbody>
                {h.entries.map((e) => (
                  <tr key={e.id} data-run-id={e.id}>
                    <td className="font-mono text-zinc-500" data-testid="queue-position">{e.position}</td>
                    <td className="max-w-56"><Link href={`/runs/${e.id}`} className="block truncate font-medium hover:text-accent-600 dark:hover:text-accent-400" title={e.name}>{e.name}</Link></td>
                    <td className="whitespace-nowrap font-mono text-xs">[{e.gpuIndices.join(",")}]</td>
                    <td className="text-xs">
                      {e.waitingFor.length === 0 ? (
                        <span className="text-zinc-500">{e.position === 1 ? "next to start" : "runs ahead of it"}</span>
                      ) : (
                        groupGpuHolders(e.waitingFor).map((h, i) => (
                          <span key={h.runId}>
                            {i > 0 && ", "}{gpuLabel(h.gpus)} held by{" "}
                            <Link href={`/runs/${h.runId}`} className="text-accent-600 hover:underline dark:text-accent-400" title={h.runName}>{h.runName}</Link>
                          </span>
                        ))
                      )}
                    </td>
                    <td className="max-w-48 text-xs text-zinc-600 dark:text-zinc-400"><span className="block truncate" title={e.presetLabel ?? undefined}>{e.presetLabel ?? "—"}</span></td>
                    <td className="text-right tabular-nums">{e.priority}</td>
                    <td className="whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400">{e.createdByName ?? "—"} · {formatAgo(e.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}
    </div>
  );
}
