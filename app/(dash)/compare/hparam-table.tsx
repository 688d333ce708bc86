"use client";
// Hyperparameters side by side: only differing keys by default; a run's launch overrides highlighted.
import { useState } from "react";
import { RUN_COLORS } from "./compare-charts";

export type THparamRun = { id: string; name: string; preset: string | null; config: Record<string, string>; overrides: string[] };

export function HparamTable({ runs, differing }: { runs: THparamRun[]; differing: string[] }) {
  const [all, setAll] = useState(false);
  const keys = all ? [...new Set(runs.flatMap((r) => Object.keys(r.config)))].sort() : differing;
  const diff = new Set(differing);
  return (
    <section className="overflow-x-auto rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="font-medium">Hyperparameters</h3>
        <label className="flex items-center gap-1.5 text-xs"><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="show-all-keys" />show all keys</label>
      </div>
      <table className="w-full text-xs" data-testid="hparam-table">
        <thead>
          <tr><th className="py-1 pr-3 text-left font-medium text-zinc-500">key</th>
            {runs.map((r, i) => <th key={r.id} className="py-1 pr-3 text-left font-medium"><span className="flex max-w-56 items-center gap-1" title={r.name}><span className="inline-block size-2 shrink-0 rounded-full" style={{ background: RUN_COLORS[i % RUN_COLORS.length] }} /><span className="truncate">{r.name}</span></span></th>)}</tr>
        </thead>
        <tbody>
          <tr className="border-t border-zinc-100 dark:border-zinc-800"><td className="py-0.5 pr-3 text-zinc-500">preset</td>
            {runs.map((r) => <td key={r.id} className="pr-3">{r.preset ?? "–"}</td>)}</tr>
          {keys.length === 0 && <tr><td colSpan={runs.length + 1} className="py-2 text-zinc-500">All runs share the same settings.</td></tr>}
          {keys.map((k) => (
            <tr key={k} data-key={k} data-differs={diff.has(k) ? "yes" : "no"} className={`border-t border-zinc-100 dark:border-zinc-800 ${diff.has(k) ? "bg-amber-50/60 dark:bg-amber-950/30" : ""}`}>
              <td className="py-0.5 pr-3 font-mono">{k}</td>
              {runs.map((r) => (
                <td key={r.id} className={`pr-3 font-mono ${r.overrides.includes(k) ? "font-semibold text-amber-700 dark:text-amber-300" : ""}`}
                  title={r.overrides.includes(k) ? "set as a launch override" : undefined}>
                  {r.config[k] ?? <span className="text-zinc-400">–</span>}{r.overrides.includes(k) ? " *" : ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-zinc-500">* launch override on top of the preset version</p>
    </section>
  );
}
