"use client";
// Hyperparameters side by side: only keys that differ by default, launch overrides marked. Up to 8 runs
// a column per run reads best; past that one row per run (a column per key) keeps 50 runs readable.
import { useState } from "react";
import type { TCompareRun } from "@/lib/compare/load-compare-runs";

const WIDE_AT = 9;

const show = (v: unknown) => (v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));

export function HparamTable({ runs, total, colors, differing, allKeys, onAllKeys }: { runs: TCompareRun[]; total?: number; colors: Map<string, string>; differing: string[];
  allKeys: boolean; onAllKeys: (v: boolean) => void }) {
  const diff = new Set(differing);
  const keys = allKeys ? [...new Set(runs.flatMap((r) => Object.keys(r.hparams)))].sort((a, b) => Number(diff.has(b)) - Number(diff.has(a)) || a.localeCompare(b)) : differing;
  const [byRun, setByRun] = useState<boolean | null>(null);
  // By the compared runs, not the brushed ones: narrowing a brush must not turn the table on its side.
  const runsAsRows = byRun ?? (total ?? runs.length) >= WIDE_AT;
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="font-medium">Hyperparameters {allKeys ? "" : <span className="font-normal text-zinc-500">· {differing.length} that differ</span>}</h3>
        <div className="flex items-center gap-3 text-xs">
          <button type="button" className="text-accent-600 hover:underline dark:text-accent-400" onClick={() => setByRun(!runsAsRows)} data-testid="hparam-orientation">
            {runsAsRows ? "one column per run" : "one row per run"}
          </button>
          <label className="flex items-center gap-1.5"><input type="checkbox" checked={allKeys} onChange={(e) => onAllKeys(e.target.checked)} data-testid="show-all-keys" />show all keys</label>
        </div>
      </div>
      {!runsAsRows ? <KeysAsRows runs={runs} colors={colors} keys={keys} diff={diff} /> : (
      <div className="max-h-[32rem] overflow-auto">
        <table className="text-xs" data-testid="hparam-table">
          <thead className="sticky top-0 z-10 bg-white dark:bg-zinc-900">
            <tr>
              <th className="sticky left-0 z-20 bg-white py-1 pr-3 text-left font-medium text-zinc-500 dark:bg-zinc-900">run</th>
              <th className="py-1 pr-3 text-left font-medium text-zinc-500">preset</th>
              {keys.map((k) => (
                <th key={k} data-key={k} data-differs={diff.has(k) ? "yes" : "no"}
                  className={`whitespace-nowrap py-1 pr-3 text-left font-mono font-medium ${diff.has(k) ? "text-amber-800 dark:text-amber-300" : "text-zinc-500"}`}>{k}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 && <tr><td colSpan={2} className="py-2 text-zinc-500">All runs share the same settings.</td></tr>}
            {runs.map((r) => (
              <tr key={r.id} data-run-id={r.id} className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/40">
                <td className="sticky left-0 bg-white py-0.5 pr-3 dark:bg-zinc-900">
                  <span className="flex max-w-56 items-center gap-1" title={r.name}>
                    <span className="inline-block size-2 shrink-0 rounded-full" style={{ background: colors.get(r.id) }} /><span className="truncate">{r.name}</span>
                  </span>
                </td>
                <td className="whitespace-nowrap pr-3 text-zinc-600 dark:text-zinc-400">{r.preset ?? "–"}</td>
                {keys.map((k) => {
                  const v = show(r.hparams[k]);
                  const ov = r.overrides.includes(k);
                  return (
                    <td key={k} className={`max-w-48 truncate whitespace-nowrap pr-3 font-mono ${ov ? "font-semibold text-amber-700 dark:text-amber-300" : ""}`} title={ov ? `${v} (launch override)` : v ?? undefined}>
                      {v ?? <span className="text-zinc-400">–</span>}{ov ? " *" : ""}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>)}
      <p className="mt-1 text-xs text-zinc-500">* launch override on top of the preset version</p>
    </section>
  );
}

function KeysAsRows({ runs, colors, keys, diff }: { runs: TCompareRun[]; colors: Map<string, string>; keys: string[]; diff: Set<string> }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs" data-testid="hparam-table">
        <thead>
          <tr><th className="py-1 pr-3 text-left font-medium text-zinc-500">key</th>
            {runs.map((r) => <th key={r.id} className="py-1 pr-3 text-left font-medium"><span className="flex max-w-56 items-center gap-1" title={r.name}><span className="inline-block size-2 shrink-0 rounded-full" style={{ background: colors.get(r.id) }} /><span className="truncate">{r.name}</span></span></th>)}</tr>
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
                  {show(r.hparams[k]) ?? <span className="text-zinc-400">–</span>}{r.overrides.includes(k) ? " *" : ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
