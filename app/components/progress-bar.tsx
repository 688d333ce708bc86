export function ProgressBar({ step, total, tone = "accent" }: { step: number | null; total: number | null; tone?: "accent" | "muted" }) {
  const pct = step !== null && total ? Math.max(0, Math.min(100, (step / total) * 100)) : 0;
  return (
    <div className="flex min-w-28 items-center gap-2" title={total ? `${step ?? 0} / ${total} steps` : "no steps logged yet"}>
      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <div className={`h-full rounded-full ${tone === "accent" ? "bg-accent-500" : "bg-zinc-400 dark:bg-zinc-600"}`} style={{ width: `${pct}%` }} />
      </div>
      <span className="w-16 shrink-0 text-right text-xs tabular-nums text-zinc-500 dark:text-zinc-400">
        {total ? `${step ?? 0}/${total}` : "—"}
      </span>
    </div>
  );
}
