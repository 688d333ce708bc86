import type { TClusterDto } from "@/lib/slurm/create-cluster";
import { Badge } from "@/app/components/badge";

export function ClusterCard({ cluster: c }: { cluster: TClusterDto }) {
  const facts: [string, string][] = [
    ["Partition", c.partition],
    ["Account", c.account ?? "default"],
    ["QOS", c.qos ?? "default"],
    ["Time limit", c.timeLimitMin >= 60 && c.timeLimitMin % 60 === 0 ? `${c.timeLimitMin / 60} h` : `${c.timeLimitMin} min`],
    ["GPUs", `${c.gpusPerNode} per node × ${c.nodeCount} node${c.nodeCount === 1 ? "" : "s"}`],
    ["Active runs", String(c.activeRuns)],
  ];
  return (
    <section className="ff-card" aria-label={`Slurm cluster ${c.name}`} data-testid={`cluster-${c.name}`}>
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">{c.name}</h2>
        <Badge tone="accent">Slurm</Badge>
        {c.loginHost.status === "ONLINE" ? <Badge tone="green">Login node online</Badge> : <Badge tone="amber">Login node unreachable</Badge>}
        <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{c.loginHost.username}@{c.loginHost.address}:{c.loginHost.port}</span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">runtime profile: host card <span className="font-medium">{c.loginHost.name}</span></span>
      </header>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 px-4 py-3 text-xs sm:grid-cols-3 lg:grid-cols-6">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
            <dd className="font-medium text-zinc-900 dark:text-zinc-100">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
