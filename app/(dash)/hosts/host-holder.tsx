// Which worker process polls and supervises this host (its lease, lib/fleet), and since when.
import { formatAgo, formatDateTime } from "@/lib/format/format-time";
import type { THostHolder } from "@/lib/fleet/list-host-holders";

export function HostHolder({ holder }: { holder: THostHolder | null }) {
  if (!holder || !holder.valid) {
    return (
      <span className="text-xs font-medium text-amber-700 dark:text-amber-400" data-testid="host-holder"
        title={holder ? `The lease of worker ${holder.hostname} (pid ${holder.pid}) expired; a live worker takes the host within seconds.` : "No worker has taken this host yet."}>
        no worker holds it
      </span>
    );
  }
  return (
    <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="host-holder"
      title={`Polled and supervised by worker ${holder.workerId} on ${holder.hostname} (pid ${holder.pid}) since ${formatDateTime(holder.since)}; lease epoch ${holder.epoch}`}>
      worker <span className="font-mono text-zinc-700 dark:text-zinc-300">{holder.hostname}:{holder.pid}</span> since {formatAgo(holder.since).replace(/ ago$/, "")}
    </span>
  );
}
