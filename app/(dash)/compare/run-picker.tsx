"use client";
// Add runs to the comparison by searching (the runs table's search: name, preset, host, tag), remove one
// with its ×. Changing the run set reloads the page's data; every other view setting is kept.
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { compareStateToQuery, MAX_COMPARE, type TCompareState } from "@/lib/compare/compare-state";
import type { TRunRow } from "@/lib/dashboard/list-runs";

export function RunPicker({ state, names, colors }: { state: TCompareState; names?: Map<string, string>; colors?: Map<string, string> }) {
  const router = useRouter();
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<TRunRow[]>([]);
  const [open, setOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const go = (runs: string[]) => {
    const hide = state.hide.filter((h) => runs.includes(h));
    router.push(`/compare?${compareStateToQuery({ ...state, runs, hide })}`, { scroll: false });
  };
  useEffect(() => {
    clearTimeout(timer.current);
    if (!q.trim()) { setHits([]); return; }
    timer.current = setTimeout(async () => {
      const res = await fetch(`/api/runs/live?${new URLSearchParams({ q: q.trim(), per: "12", cols: "" })}`, { cache: "no-store" });
      if (res.ok) setHits(((await res.json()) as { rows: TRunRow[] }).rows);
    }, 250);
    return () => clearTimeout(timer.current);
  }, [q]);
  const full = state.runs.length >= MAX_COMPARE;
  return (
    <div className="flex flex-wrap items-start gap-2" data-testid="run-picker">
      <div className="relative">
        <input type="search" value={q} onChange={(e) => { setQ(e.target.value); setOpen(true); }} onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)} disabled={full}
          placeholder={full ? `At most ${MAX_COMPARE} runs` : "Add a run: search name, preset, host, tag"} aria-label="Add a run to the comparison"
          className="h-8 w-80 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900" data-testid="run-picker-search" />
        {open && hits.length > 0 && (
          <ul className="absolute z-30 mt-1 max-h-72 w-[28rem] overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
            {hits.map((h) => {
              const inIt = state.runs.includes(h.id);
              return (
                <li key={h.id}>
                  <button type="button" disabled={inIt} data-add={h.id}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => { setQ(""); setOpen(false); go([...state.runs, h.id]); }}
                    className="flex w-full items-center gap-2 px-2 py-1 text-left hover:bg-zinc-100 disabled:opacity-50 dark:hover:bg-zinc-800">
                    <span className="truncate">{h.name}</span>
                    <span className="ml-auto shrink-0 text-xs text-zinc-500">{h.presetName ?? "—"} · {h.hostName}{inIt ? " · added" : ""}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {names && state.runs.length > 0 && (
        <div className="flex flex-wrap gap-1" data-testid="picked-runs">
          {state.runs.map((id) => (
            <span key={id} className="flex items-center gap-1 rounded-full border border-zinc-200 bg-white py-0.5 pl-2 pr-1 text-xs dark:border-zinc-700 dark:bg-zinc-900">
              <span className="size-2 rounded-full" style={{ background: colors?.get(id) ?? "#999" }} />
              <span className="max-w-40 truncate">{names.get(id) ?? id}</span>
              <button type="button" aria-label={`Remove ${names.get(id) ?? id}`} onClick={() => go(state.runs.filter((r) => r !== id))}
                className="rounded-full px-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">×</button>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
