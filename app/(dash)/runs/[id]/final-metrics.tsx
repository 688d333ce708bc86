// The Trainer's own end-of-run numbers (all_results.json, trainer_state.json), once the run ended.
type TFinal = { trainerState?: Record<string, unknown> | null; allResults?: Record<string, unknown> | null;
  rules?: { reason?: string } | null };

const show = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString() : v.toPrecision(6)) : String(v));

export function FinalMetrics({ finalMetrics }: { finalMetrics: unknown }) {
  const f = (finalMetrics ?? null) as TFinal | null;
  const rows = [
    ...Object.entries(f?.allResults ?? {}).map(([k, v]) => ["all_results", k, v] as const),
    ...Object.entries(f?.trainerState ?? {}).map(([k, v]) => ["trainer_state", k, v] as const),
  ];
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="final-metrics">
      <h3 className="mb-2 font-medium">Final metrics</h3>
      {!f ? <p className="text-zinc-500">Shown when the run has ended and its result files are read.</p>
        : rows.length === 0 ? <p className="text-zinc-500">The run wrote no trainer_state.json or all_results.json.</p> : (
          <table className="w-full text-xs">
            <tbody>
              {rows.map(([src, k, v]) => (
                <tr key={`${src}.${k}`} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-0.5 pr-2 text-zinc-400">{src}</td><td className="pr-2 font-medium">{k}</td><td className="tabular-nums">{show(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      {f?.rules?.reason && <p className="mt-2 text-xs text-zinc-500">Rules summary: {f.rules.reason}</p>}
    </section>
  );
}
