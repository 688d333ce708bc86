// The Trainer's own end-of-run numbers (all_results.json, trainer_state.json), once the run ended.
// (The rules' final reason is shown with the verdict, in the early-stop panel.)
type TFinal = { trainerState?: Record<string, unknown> | null; allResults?: Record<string, unknown> | null };

// Significant digits only ("0.21", not "0.210000"); FLOP counts in scientific notation; runtimes in seconds.
function show(key: string, v: unknown): string {
  if (v === null || v === undefined) return "–";
  if (typeof v !== "number") return String(v);
  if (Math.abs(v) >= 1e12) return v.toExponential(3);
  const n = Number.isInteger(v) ? v.toLocaleString() : Number(v.toPrecision(6)).toLocaleString(undefined, { maximumFractionDigits: 6 });
  return key.endsWith("_runtime") ? `${n} s` : n;
}

// LLaMA-Factory writes its result files only when training ends (a finished run, a graceful or early
// stop); a killed or crashed process leaves none, and the panel says so instead of looking empty.
const NO_FILES: Record<string, string> = {
  KILLED: "Killed: no final metrics. A killed process does not get to write all_results.json or trainer_state.json; the curves above are what it logged. Use Stop instead of Kill to keep them.",
  FAILED: "Failed: no final metrics. The process ended before LLaMA-Factory wrote its result files; see the error above.",
  CANCELLED: "Cancelled: no final metrics.",
};

export function FinalMetrics({ finalMetrics, status }: { finalMetrics: unknown; status?: string }) {
  const f = (finalMetrics ?? null) as TFinal | null;
  const groups = [
    { file: "all_results.json", rows: Object.entries(f?.allResults ?? {}) },
    { file: "trainer_state.json", rows: Object.entries(f?.trainerState ?? {}) },
  ].filter((g) => g.rows.length > 0);
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="final-metrics">
      <h3 className="mb-2 font-medium">Final metrics</h3>
      {groups.length === 0 && status && NO_FILES[status] ? <p className="text-zinc-500" data-testid="final-metrics-none">{NO_FILES[status]}</p>
        : !f ? <p className="text-zinc-500">Shown when the run has ended and its result files are read.</p>
        : groups.length === 0 ? <p className="text-zinc-500">The run wrote no trainer_state.json or all_results.json.</p> : (
          <div className="grid gap-x-6 gap-y-3 xl:grid-cols-2">
            {groups.map((g) => (
              <table key={g.file} className="h-fit w-full min-w-0 table-fixed text-xs">
                <caption className="pb-1 text-left font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{g.file}</caption>
                <tbody>
                  {g.rows.map(([k, v]) => (
                    <tr key={k} className="border-t border-zinc-100 dark:border-zinc-800">
                      <td className="break-all py-0.5 pr-2 font-mono text-zinc-700 dark:text-zinc-300">{k}</td>
                      <td className="whitespace-nowrap py-0.5 text-right tabular-nums">{show(k, v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
        )}
    </section>
  );
}
