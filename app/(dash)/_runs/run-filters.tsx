"use client";
// Search, filters, columns and export: all of it lives in the URL (shareable, back button works).
// Changing one replaces the URL and the server component re-reads; the page goes back to 1.
import { useEffect, useRef, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { RunStatus } from "@/lib/generated/prisma/enums";
import type { TFilterOption } from "@/lib/dashboard/list-run-filter-options";
import { tableStateToQuery, type TTableState } from "@/lib/runs-table/table-state";
import { ColumnPicker, type TColumnOptions } from "@/app/(dash)/_runs/column-picker";

const ACTIVE = ["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"];
const VERDICTS = ["converged", "learning", "underfitting", "overfitting", "stalled", "diverged", "failed"];
const SEARCH_DEBOUNCE_MS = 300;

export type TFilterOptions = { hosts: TFilterOption[]; presets: TFilterOption[]; users: TFilterOption[]; tags: TFilterOption[] };

export function RunFilters({ options, state, columns }: { options: TFilterOptions; state: TTableState; columns: TColumnOptions }) {
  const router = useRouter();
  const pathname = usePathname();
  const go = (next: Partial<TTableState>) => {
    const qs = tableStateToQuery({ ...state, page: 1, ...next });
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const [q, setQ] = useState(state.q ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // A new URL (back button, "Clear filters") resets the box to what the URL says.
  useEffect(() => setQ(state.q ?? ""), [state.q]);
  const onSearch = (v: string) => {
    setQ(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => go({ q: v.trim() || undefined }), SEARCH_DEBOUNCE_MS);
  };
  const active = !!state.q || state.status.length > 0 || !!state.host || !!state.preset || !!state.user || !!state.tag || !!state.verdict;
  const select = (key: "status" | "host" | "preset" | "user" | "tag" | "verdict", label: string, value: string, opts: TFilterOption[]) => (
    <label className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
      {label}
      <select
        aria-label={`Filter by ${label.toLowerCase()}`}
        value={value}
        onChange={(e) => go(key === "status" ? { status: (e.target.value ? e.target.value.split(",") : []) as RunStatus[] } : { [key]: e.target.value || undefined })}
        className="h-7 max-w-40 rounded-md border border-zinc-300 bg-white px-1.5 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
      >
        <option value="">All</option>
        {opts.map((o) => (
          <option key={o.id} value={o.id}>{o.label}</option>
        ))}
      </select>
    </label>
  );
  const exportQuery = tableStateToQuery({ ...state, page: 1 });
  return (
    <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-2">
      <input
        type="search"
        value={q}
        onChange={(e) => onSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            clearTimeout(timer.current);
            go({ q: q.trim() || undefined });
          }
        }}
        placeholder="Search name, preset, host, tag"
        aria-label="Search runs"
        data-testid="runs-search"
        className="h-7 w-64 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-800 placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
      />
      {select("status", "Status", state.status.join(","), [
        { id: ACTIVE.join(","), label: "active" },
        ...Object.values(RunStatus).map((s) => ({ id: s, label: s.toLowerCase().replace("_", " ") })),
      ])}
      {select("verdict", "Verdict", state.verdict ?? "", [...VERDICTS.map((v) => ({ id: v, label: v })), { id: "none", label: "no verdict yet" }])}
      {select("host", "Host", state.host ?? "", options.hosts)}
      {select("preset", "Preset", state.preset ?? "", options.presets)}
      {options.tags.length > 0 && select("tag", "Tag", state.tag ?? "", options.tags)}
      {select("user", "Launched by", state.user ?? "", options.users)}
      {active && (
        <button type="button" onClick={() => go({ q: undefined, status: [], host: undefined, preset: undefined, user: undefined, tag: undefined, verdict: undefined })}
          className="text-xs text-accent-600 hover:underline dark:text-accent-400">
          Clear filters
        </button>
      )}
      <div className="ml-auto flex items-center gap-2">
        <ColumnPicker cols={state.cols} options={columns} onChange={(cols) => go({ cols, page: state.page })} />
        <span className="text-xs text-zinc-500 dark:text-zinc-400">Export</span>
        <a href={`/api/runs/export?format=csv${exportQuery ? `&${exportQuery}` : ""}`} download className="text-xs text-accent-600 hover:underline dark:text-accent-400" data-testid="export-csv">CSV</a>
        <a href={`/api/runs/export?format=json${exportQuery ? `&${exportQuery}` : ""}`} download className="text-xs text-accent-600 hover:underline dark:text-accent-400" data-testid="export-json">JSON</a>
      </div>
    </div>
  );
}
