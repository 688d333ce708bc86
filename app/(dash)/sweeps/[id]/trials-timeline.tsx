// Trials over time: one bar per trial from launch to end (or now), coloured by outcome, pruned ones
// marked; the best trial outlined. Server-rendered SVG (it refreshes with the page).
import type { TSweepTrialView } from "@/lib/sweeps/get-sweep";

const ROW = 20, LEFT = 56, RIGHT = 16, TOP = 8;

function color(t: TSweepTrialView): string {
  if (t.pruneRule) return "#d97706";
  switch (t.runStatus) {
    case "SUCCEEDED": return "#059669";
    case "FAILED": case "KILLED": return "#dc2626";
    case "STOPPED_EARLY": return "#7c3aed";
    case "RUNNING": case "STARTING": case "STOPPING": return "#2563eb";
    default: return "#a1a1aa";
  }
}

export function TrialsTimeline({ trials, start, now, bestTrialId }: { trials: TSweepTrialView[]; start: string; now: string; bestTrialId: string | null }) {
  const W = 1000;
  const t0 = new Date(start).getTime(), t1 = Math.max(new Date(now).getTime(), t0 + 1000);
  const x = (iso: string) => LEFT + ((new Date(iso).getTime() - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
  const H = TOP + trials.length * ROW + 22;
  const secs = (t1 - t0) / 1000;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ f, label: secs < 120 ? `${Math.round(f * secs)} s` : `${Math.round((f * secs) / 60)} min` }));
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid="trials-timeline">
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Trials over time</h3>
        <div className="flex flex-wrap gap-3 text-xs text-zinc-500">
          {[["#2563eb", "running"], ["#059669", "succeeded"], ["#d97706", "pruned by the stopper"], ["#7c3aed", "stopped by its rules"], ["#dc2626", "failed / killed"], ["#a1a1aa", "waiting"]].map(([c, l]) => (
            <span key={l} className="flex items-center gap-1"><span className="inline-block size-2.5 rounded-sm" style={{ background: c }} />{l}</span>
          ))}
        </div>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} className="block w-full text-zinc-500 dark:text-zinc-400" role="img" aria-label="Trials over time">
        {ticks.map((t) => {
          const xx = LEFT + t.f * (W - LEFT - RIGHT);
          return <g key={t.f}><line x1={xx} x2={xx} y1={TOP} y2={H - 18} stroke="currentColor" strokeOpacity={0.15} /><text x={xx} y={H - 6} textAnchor="middle" className="fill-current text-[11px]">{t.label}</text></g>;
        })}
        {trials.map((t, i) => {
          const y = TOP + i * ROW;
          const a = t.launchedAt, b = t.finishedAt ?? (t.runId && !t.finishedAt ? now : null);
          return (
            <g key={t.id} data-trial={t.index + 1}>
              <text x={LEFT - 8} y={y + 13} textAnchor="end" className="fill-current text-[11px]">#{t.index + 1}</text>
              {a && b ? (
                <rect x={x(a)} y={y + 3} width={Math.max(2, x(b) - x(a))} height={ROW - 6} rx={3} fill={color(t)} fillOpacity={0.85}
                  stroke={t.id === bestTrialId ? "currentColor" : "none"} strokeWidth={t.id === bestTrialId ? 2 : 0}>
                  <title>{`trial ${t.index + 1}: ${t.runStatus ?? t.status}${t.stopReason ? ` — ${t.stopReason}` : ""}`}</title>
                </rect>
              ) : <text x={LEFT + 4} y={y + 13} className="fill-current text-[11px]">{t.status === "PENDING" ? "waiting to start" : t.status.toLowerCase()}</text>}
            </g>
          );
        })}
      </svg>
    </section>
  );
}
