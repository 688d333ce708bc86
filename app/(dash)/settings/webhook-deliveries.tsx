// The delivery log (server-rendered): newest first, what was sent where, what came back.
import Link from "next/link";
import { Badge } from "@/app/components/badge";
import { AutoRefresh } from "@/app/components/auto-refresh";
import { formatAgo, formatDateTime } from "@/lib/format/format-time";
import type { TDeliveryDto } from "@/lib/webhooks/list-deliveries";
import { RedeliverButton } from "@/app/(dash)/settings/redeliver-button";

const STATE = { DELIVERED: ["green", "delivered"], PENDING: ["amber", "retrying"], FAILED: ["red", "failed"] } as const;

function stateBadge(d: TDeliveryDto) {
  if (d.status === "PENDING" && d.attempts === 0) return <Badge tone="neutral">queued</Badge>;
  const [tone, text] = STATE[d.status];
  const title = d.status === "PENDING" && d.nextAttemptAt ? `next attempt ${formatDateTime(d.nextAttemptAt)}` : (d.lastError ?? undefined);
  return <Badge tone={tone} {...(title ? { title } : {})}>{text}</Badge>;
}

export function WebhookDeliveries({ deliveries, wire }: { deliveries: TDeliveryDto[]; wire: Record<string, string> }) {
  if (deliveries.length === 0) return <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">Nothing sent yet. Deliveries show up here as runs change state.</p>;
  const now = Date.now();
  return (
    <div className="mt-3 overflow-x-auto">
      {deliveries.some((d) => d.status === "PENDING") && <AutoRefresh everyMs={3_000} />}
      <table className="ff-table" aria-label="Webhook deliveries">
        <thead><tr><th>Time</th><th>Webhook</th><th>Event</th><th>Run</th><th>Code</th><th>Attempts</th><th>State</th><th><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-testid="delivery-row" data-status={d.status}>
              <td className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400" title={formatDateTime(d.createdAt)}>{formatAgo(d.createdAt, now)}</td>
              <td className="max-w-40 truncate text-xs">{d.webhookName}</td>
              <td><code className="font-mono text-xs">{wire[d.eventType] ?? d.eventType}</code></td>
              <td className="max-w-48 truncate text-xs">{d.run ? <Link className="text-accent-600 hover:underline dark:text-accent-400" href={`/runs/${d.run.id}`}>{d.run.name}</Link> : <span className="text-zinc-400">—</span>}</td>
              <td className="font-mono text-xs">{d.lastStatusCode ?? <span className="text-zinc-400">—</span>}</td>
              <td className="text-xs">{d.attempts}</td>
              <td>
                {stateBadge(d)}
                {d.status !== "DELIVERED" && d.lastError && <div className="mt-0.5 max-w-44 truncate text-[11px] text-zinc-500 dark:text-zinc-400" title={d.lastError}>{d.lastError}</div>}
              </td>
              <td className="text-right">{d.status === "FAILED" && <RedeliverButton deliveryId={d.id} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
