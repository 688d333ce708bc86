// Run events newest first: launch, status changes, rule alerts/stops, each kill-ladder rung, ingest warnings.
import { formatDateTime, formatTimeOfDay } from "@/lib/format/format-time";
const TONE: Record<string, string> = {
  ERROR: "text-red-600 dark:text-red-400", RULE_FIRED: "text-violet-600 dark:text-violet-400", RULE_ALERT: "text-amber-600 dark:text-amber-400",
  SIGNAL_SENT: "text-rose-600 dark:text-rose-400", KILL_VERIFIED: "text-rose-700 dark:text-rose-300", INGEST_WARNING: "text-amber-700 dark:text-amber-400",
  BEST_CHECKPOINT: "text-emerald-600 dark:text-emerald-400",
};

export function EventsTimeline({ events }: { events: { id: string; type: string; message: string; at: string }[] }) {
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="events">
      <h3 className="mb-2 font-medium">Events</h3>
      {events.length === 0 ? <p className="text-zinc-500">No events yet.</p> : (
        <ol className="max-h-80 space-y-1 overflow-auto">
          {events.map((e) => (
            // Fixed columns for time and type, so every message starts at the same x.
            <li key={e.id} className="grid grid-cols-[4.5rem_7.5rem_1fr] items-baseline gap-x-3">
              <time className="font-mono text-xs text-zinc-500 dark:text-zinc-400" dateTime={e.at} title={formatDateTime(e.at)}>{formatTimeOfDay(e.at)}</time>
              <span className={`truncate text-xs font-medium ${TONE[e.type] ?? "text-zinc-500 dark:text-zinc-400"}`}>{e.type.toLowerCase().replace(/_/g, " ")}</span>
              <span className="min-w-0 break-words">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
