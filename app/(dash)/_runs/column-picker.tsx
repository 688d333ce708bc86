"use client";
// Which columns the runs table shows: the built-in ones, any config key, any metric as best/last/min/max,
// any final result. Keys whose value differs between runs are listed first and marked.
import { useEffect, useRef, useState } from "react";
import { BETTER, BUILTIN_COLUMNS, columnLabel, METRIC_AGGS, METRIC_SERIES, parseColumnId } from "@/lib/runs-table/table-state";
import type { TKeyOption } from "@/lib/runs-table/list-column-options";

export type TColumnOptions = { hparams: TKeyOption[]; results: TKeyOption[]; evals?: TKeyOption[] };

export function ColumnPicker({ cols, options, onChange }: { cols: string[]; options: TColumnOptions; onChange: (cols: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDoc);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDoc);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  // Ticks show at once; the URL (and the table) follow when the server answers.
  const [local, setLocal] = useState(cols);
  const [seen, setSeen] = useState(cols);
  if (seen !== cols) {
    setSeen(cols);
    setLocal(cols);
  }
  const on = new Set(local);
  const toggle = (id: string) => {
    const next = on.has(id) ? local.filter((c) => c !== id) : [...local, id];
    setLocal(next);
    onChange(next);
  };
  const f = filter.trim().toLowerCase();
  const hp = options.hparams.filter((k) => !f || k.key.toLowerCase().includes(f));
  const res = options.results.filter((k) => !f || k.key.toLowerCase().includes(f));
  const evs = (options.evals ?? []).filter((k) => !f || k.key.toLowerCase().includes(f));
  const box1 = (id: string, label: React.ReactNode, extra?: React.ReactNode) => (
    <label key={id} className="flex cursor-pointer items-center gap-1.5 rounded px-1 py-0.5 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800">
      <input type="checkbox" checked={on.has(id)} onChange={() => toggle(id)} className="accent-accent-600" data-col={id} />
      <span className="truncate">{label}</span>
      {extra}
    </label>
  );
  const extraCount = local.filter((c) => parseColumnId(c)?.kind !== "builtin").length;
  return (
    <div className="relative" ref={box}>
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="column-picker"
        className="h-7 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800">
        Columns{extraCount ? ` (+${extraCount})` : ""}
      </button>
      {open && (
        <div role="dialog" aria-label="Choose columns"
          className="absolute right-0 z-30 mt-1 w-[min(44rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <div className="grid gap-4 sm:grid-cols-3">
            <section>
              <h3 className="mb-1 text-xs font-semibold text-zinc-500 dark:text-zinc-400">Built-in</h3>
              {BUILTIN_COLUMNS.map((c) => box1(c, columnLabel({ kind: "builtin", id: c, name: c })))}
            </section>
            <section>
              <h3 className="mb-1 text-xs font-semibold text-zinc-500 dark:text-zinc-400">Metrics</h3>
              <table className="text-xs">
                <thead>
                  <tr><th /> {METRIC_AGGS.map((a) => <th key={a} className="px-1 font-normal text-zinc-500">{a}</th>)}</tr>
                </thead>
                <tbody>
                  {METRIC_SERIES.map((s) => (
                    <tr key={s}>
                      <td className="pr-1 font-mono">{s}</td>
                      {METRIC_AGGS.map((a) => (
                        <td key={a} className="px-1 text-center">
                          {a === "best" && BETTER[s] === null ? <span className="text-zinc-400" title="no better direction">–</span> : (
                            <input type="checkbox" aria-label={`${s} ${a}`} checked={on.has(`m:${s}:${a}`)} onChange={() => toggle(`m:${s}:${a}`)}
                              className="accent-accent-600" data-col={`m:${s}:${a}`} />
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="mt-1 text-[11px] leading-snug text-zinc-500">best = lowest loss / highest throughput, NaN never best; max shows NaN if any point was NaN.</p>
              {res.length > 0 && (
                <>
                  <h3 className="mb-1 mt-3 text-xs font-semibold text-zinc-500 dark:text-zinc-400">Final results</h3>
                  <div className="max-h-40 overflow-y-auto">{res.map((k) => box1(`res:${k.key}`, <span className="font-mono">{k.key}</span>))}</div>
                </>
              )}
              {evs.length > 0 && (
                <>
                  <h3 className="mb-1 mt-3 text-xs font-semibold text-zinc-500 dark:text-zinc-400" title="The run's own eval/predict scores, else those of its newest checkpoint evaluation">Evaluation scores</h3>
                  <div className="max-h-40 overflow-y-auto" data-testid="eval-options">{evs.map((k) => box1(`ev:${k.key}`, <span className="font-mono">{k.key}</span>))}</div>
                </>
              )}
            </section>
            <section className="min-w-0">
              <h3 className="mb-1 text-xs font-semibold text-zinc-500 dark:text-zinc-400">Hyperparameters</h3>
              <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter keys" aria-label="Filter keys"
                className="mb-1 h-7 w-full rounded-md border border-zinc-300 bg-white px-2 text-xs dark:border-zinc-700 dark:bg-zinc-950" />
              <div className="max-h-64 overflow-y-auto" data-testid="hparam-options">
                {hp.length === 0 && <p className="text-xs text-zinc-500">No keys{f ? " match" : " yet"}.</p>}
                {hp.map((k) => box1(`hp:${k.key}`, <span className="font-mono">{k.key}</span>,
                  k.distinct > 1 ? <span className="ml-auto shrink-0 rounded bg-amber-100 px-1 text-[10px] text-amber-800 dark:bg-amber-900/50 dark:text-amber-200" title={`${k.distinct} different values`}>varies</span> : null))}
              </div>
            </section>
          </div>
        </div>
      )}
    </div>
  );
}
