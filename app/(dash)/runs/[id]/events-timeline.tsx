// Run events newest first: launch, status changes, rule alerts/stops, each kill-ladder rung, ingest warnings.
const TONE: Record<string, string> = {
  ERROR: "text-red-600", RULE_FIRED: "text-violet-600", RULE_ALERT: "text-amber-600", SIGNAL_SENT: "text-rose-600",
  KILL_VERIFIED: "text-rose-700", INGEST_WARNING: "text-amber-700", BEST_CHECKPOINT: "text-emerald-600",
};

export function EventsTimeline({ events }: { events: { id: string; type: string; message: string; at: string }[] }) {
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="events">
      <h3 className="mb-2 font-medium">Events</h3>
      {events.length === 0 ? <p className="text-zinc-500">No events yet.</p> : (
        <ol className="max-h-80 space-y-1 overflow-auto">
          {events.map((e) => (
            <li key={e.id} className="flex gap-3">
              <time className="shrink-0 font-mono text-xs text-zinc-400" dateTime={e.at}>{e.at.slice(11, 19)}</time>
              <span className={`shrink-0 text-xs font-medium ${TONE[e.type] ?? "text-zinc-500"}`}>{e.type.toLowerCase().replace(/_/g, " ")}</span>
              <span className="min-w-0 break-words">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
