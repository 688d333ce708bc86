"use client";
// Polls /api/runs/live every ~2 s and swaps the rows in place: React only patches changed cells,
// so there is no reload and no flicker. Polling pauses while the tab is hidden.
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { formatAgo, formatDateTime, formatDuration, formatMetric } from "@/lib/format/format-time";
import { fromJsonFloat } from "@/lib/metrics/store/float-text";
import type { TCell, TRunPage, TRunRow } from "@/lib/dashboard/list-runs";
import { columnLabel, isSortable, nextSort, parseColumnId, tableStateToQuery, type TColumn, type TTableState } from "@/lib/runs-table/table-state";
import { StatusPill } from "@/app/components/status-pill";
import { Sparkline } from "@/app/components/sparkline";
import { ProgressBar } from "@/app/components/progress-bar";
import { Button, buttonClass } from "@/app/components/button";
import { KillRunsDialog } from "@/app/(dash)/_runs/kill-runs-dialog";
import { MAX_COMPARE } from "@/lib/compare/compare-state";
import { VerdictBadge } from "@/app/components/verdict-badge";

const POLL_MS = 2000;
const ACTIVE = new Set(["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"]);

function duration(r: TRunRow, now: number): string {
  if (!r.startedAt) return r.status === "QUEUED" ? `queued ${formatDuration(now - Date.parse(r.createdAt))}` : "—";
  const end = r.finishedAt ? Date.parse(r.finishedAt) : now;
  return formatDuration(end - Date.parse(r.startedAt));
}

/** The final verdict once there is one; while the run trains, the verdict so far (marked live). */
function Verdict({ r }: { r: TRunRow }) {
  if (r.verdict) return <VerdictBadge verdict={r.verdict} />;
  if (r.liveVerdict) return <VerdictBadge verdict={r.liveVerdict} live={ACTIVE.has(r.status)} />;
  return <span className="text-zinc-400">—</span>;
}

function Metric({ v }: { v: TRunRow["lastLoss"] }) {
  const n = fromJsonFloat(v);
  const bad = n !== null && !Number.isFinite(n);
  return <span className={`tabular-nums ${bad ? "font-semibold text-red-600 dark:text-red-400" : ""}`}>{formatMetric(n)}</span>;
}

/** Config values as written; metric cells through formatMetric (NaN/Inf spelled and flagged). */
function Cell({ c, v }: { c: TColumn; v: TCell }) {
  if (c.kind === "metric" || ((c.kind === "result" || c.kind === "eval") && (typeof v === "number" || v === "NaN" || v === "Infinity" || v === "-Infinity"))) {
    return <Metric v={v as TRunRow["lastLoss"]} />;
  }
  if (v === null || v === undefined) return <span className="text-zinc-400">—</span>;
  const text = typeof v === "string" ? v : String(v);
  return <span className="block max-w-40 truncate font-mono text-xs" title={text}>{text}</span>;
}


// With many columns the table scrolls sideways; the run's name stays in view (opaque so cells slide under it).
const STICKY = "sticky left-0 z-10 bg-white dark:bg-zinc-900";

const RIGHT = new Set(["loss", "eval_loss", "duration"]);

export function RunsTable({ initial, state, serverNow, canKill }: { initial: TRunPage; state: TTableState; serverNow: number; canKill: boolean }) {
  const query = tableStateToQuery(state);
  const router = useRouter();
  const [data, setData] = useState(initial);
  const [now, setNow] = useState(serverNow);
  // router.refresh() (after a kill) hands us fresh server rows: take them without waiting for the poll.
  const [seenInitial, setSeenInitial] = useState(initial);
  if (seenInitial !== initial) {
    setSeenInitial(initial);
    setData(initial);
    setNow(serverNow);
  }
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // The runs named in the confirmation are fixed when it opens: the 2 s poll may end one meanwhile,
  // and the dialog must not turn into "Kill 0 runs?" under the user's cursor.
  const [killTargets, setKillTargets] = useState<{ id: string; name: string; hostName: string; status: string }[] | null>(null);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (!document.hidden) {
        try {
          const res = await fetch(`/api/runs/live${query ? `?${query}` : ""}`, { cache: "no-store" });
          if (res.status === 401) return router.refresh(); // session ended: the layout sends us to sign-in
          if (res.ok) {
            const body = (await res.json()) as TRunPage & { now: number };
            if (!stopped) {
              setData(body);
              setNow(body.now);
              setStale(false);
            }
          } else setStale(true);
        } catch {
          setStale(true);
        }
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [query, router]);

  const rows = data.rows;
  const byId = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  const picked = [...selected].map((id) => byId.get(id)).filter((r): r is TRunRow => !!r);
  const killable = picked.filter((r) => ACTIVE.has(r.status));
  const allChecked = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const compareHref = `/compare?runs=${picked.map((r) => r.id).join(",")}`;
  const columns = state.cols.map(parseColumnId).filter((c): c is TColumn => !!c);
  const href = (next: Partial<TTableState>) => {
    const qs = tableStateToQuery({ ...state, ...next });
    return qs ? `/?${qs}` : "/";
  };
  const first = data.total === 0 ? 0 : (data.page - 1) * data.per + 1;
  const last = (data.page - 1) * data.per + rows.length;
  const pages = Math.max(1, Math.ceil(data.total / data.per));
  const Th = ({ id, label, className = "" }: { id: string; label: string; className?: string }) => {
    if (!isSortable(id)) return <th className={className}>{label}</th>;
    const on = state.sort === id;
    const ns = nextSort(state, id);
    return (
      <th className={className} aria-sort={on ? (state.dir === "asc" ? "ascending" : "descending") : "none"}>
        <Link href={href({ ...ns, page: 1 })} scroll={false} data-sort={id}
          className={`inline-flex items-center gap-0.5 hover:text-zinc-900 dark:hover:text-zinc-100 ${on ? "text-zinc-900 dark:text-zinc-100" : ""}`}>
          {label}
          <span aria-hidden className={on ? "" : "invisible"}>{state.dir === "asc" ? "▲" : "▼"}</span>
        </Link>
      </th>
    );
  };
  const canCompare = picked.length >= 2 && picked.length <= MAX_COMPARE;

  return (
    <div className="ff-card overflow-hidden">
      <div className="flex h-11 items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
        <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="selection-count">
          {picked.length ? `${picked.length} selected` : `${data.total.toLocaleString("en-US")} run${data.total === 1 ? "" : "s"}`}
        </span>
        {picked.length > 0 && (
          <>
            {canCompare ? (
              <Link href={compareHref} className={buttonClass("secondary", "sm")}>Compare {picked.length}</Link>
            ) : (
              <Button size="sm" disabled title={`Tick 2 to ${MAX_COMPARE} runs to compare`}>Compare</Button>
            )}
            {canKill && (
              <Button size="sm" variant="danger" disabled={killable.length === 0} onClick={() => setKillTargets(killable.map((r) => ({ id: r.id, name: r.name, hostName: r.hostName, status: r.status })))}
                title={killable.length === 0 ? "None of the ticked runs is queued or running" : undefined}>
                Kill{killable.length ? ` ${killable.length}` : ""}
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>Clear</Button>
          </>
        )}
        {stale && <span className="ml-auto text-xs text-amber-600 dark:text-amber-400">Live updates paused: the server did not answer. Retrying…</span>}
      </div>
      {rows.length === 0 ? (
        <p className="px-4 py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">No runs match these filters. Change a filter above, or clear them all.</p>
      ) : (
        <div className="overflow-x-auto">
          {/* Tighter cells below xl so all columns fit a 1024 px window without a sideways scroll. */}
          <table className="ff-table [&_td]:px-2 [&_th]:px-2 xl:[&_td]:px-3 xl:[&_th]:px-3" data-testid="runs-table">
            <thead>
              <tr>
                <th className="w-8">
                  <input type="checkbox" aria-label="Select all runs" checked={allChecked}
                    onChange={() => setSelected(allChecked ? new Set() : new Set(rows.map((r) => r.id)))} className="accent-accent-600" />
                </th>
                <Th id="name" label="Run" className={STICKY} />
                <Th id="status" label="Status" />
                {columns.map((c) => (
                  <Th key={c.id} id={c.id} label={columnLabel(c)}
                    className={`${c.id === "host" ? "hidden xl:table-cell" : ""} ${RIGHT.has(c.id) || c.kind === "metric" || c.kind === "eval" ? "text-right" : ""} ${c.id === "trend" ? "w-20" : ""} ${c.kind !== "builtin" ? "font-mono normal-case tracking-normal" : ""}`} />
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-run-id={r.id} data-run-name={r.name} className={selected.has(r.id) ? "bg-accent-50/60 dark:bg-accent-500/10" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}>
                  <td>
                    <input type="checkbox" aria-label={`Select ${r.name}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} className="accent-accent-600" />
                  </td>
                  <td className={`max-w-48 xl:max-w-72 2xl:max-w-96 ${STICKY}`}>
                    <Link href={`/runs/${r.id}`} className="block truncate font-medium text-zinc-900 hover:text-accent-600 dark:text-zinc-100 dark:hover:text-accent-400" title={r.name}>
                      {r.name}
                    </Link>
                    {/* Below xl the host has no column of its own: it leads this line instead. */}
                    <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
                      <span className={state.cols.includes("host") ? "xl:hidden" : ""}>{r.hostName}{r.gpuIndices.length > 0 && <> <span className="font-mono">[{r.gpuIndices.join(",")}]</span></>} · </span>
                      {r.createdByName ?? "—"} · <span title={formatDateTime(r.createdAt)}>{formatAgo(r.createdAt, now)}</span>
                      {r.notes && <span className="ml-1" title={r.notes} aria-label="has notes">✎</span>}
                    </span>
                    {r.tags.length > 0 && !state.cols.includes("tags") && <Tags tags={r.tags} state={state} />}
                  </td>
                  <td>
                    <StatusPill status={r.status} title={r.stopReason ?? r.errorExcerpt ?? undefined} />
                  </td>
                  {columns.map((c) => (
                    <td key={c.id} data-col={c.kind === "builtin" ? undefined : c.id} className={`${c.id === "host" ? "hidden xl:table-cell" : ""} ${RIGHT.has(c.id) || c.kind === "metric" || c.kind === "eval" ? "text-right" : ""}`}>
                      {c.kind === "builtin" ? <Builtin name={c.name} r={r} now={now} /> : <Cell c={c} v={r.cells[c.id] ?? null} />}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.total > 0 && (
        <nav className="flex items-center gap-3 border-t border-zinc-200 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400" aria-label="Pages" data-testid="runs-pager">
          <span data-testid="runs-range">{first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of {data.total.toLocaleString("en-US")}</span>
          <span className="ml-auto">Page {data.page} of {pages.toLocaleString("en-US")}</span>
          {data.page > 1 ? <Link href={href({ page: data.page - 1 })} scroll={false} className={buttonClass("secondary", "sm")}>Previous</Link>
            : <Button size="sm" disabled>Previous</Button>}
          {data.more ? <Link href={href({ page: data.page + 1 })} scroll={false} className={buttonClass("secondary", "sm")} data-testid="next-page">Next</Link>
            : <Button size="sm" disabled>Next</Button>}
          <label className="flex items-center gap-1">
            Per page
            <select value={state.per} aria-label="Runs per page" onChange={(e) => router.replace(href({ per: Number(e.target.value), page: 1 }), { scroll: false })}
              className="h-7 rounded-md border border-zinc-300 bg-white px-1 text-xs dark:border-zinc-700 dark:bg-zinc-900">
              {[25, 50, 100, 200].map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
        </nav>
      )}
      {killTargets && (
        <KillRunsDialog
          runs={killTargets}
          onClose={(done) => {
            setKillTargets(null);
            if (done) setSelected(new Set());
          }}
        />
      )}
    </div>
  );
}

function Tags({ tags, state }: { tags: string[]; state: TTableState }) {
  return (
    <span className="mt-0.5 flex flex-wrap gap-1">
      {tags.map((t) => (
        <Link key={t} href={`/?${tableStateToQuery({ ...state, tag: t, page: 1 })}`} scroll={false} data-tag={t}
          className="rounded bg-accent-50 px-1.5 text-[11px] leading-4 text-accent-700 hover:bg-accent-100 dark:bg-accent-500/15 dark:text-accent-300">
          {t}
        </Link>
      ))}
    </span>
  );
}

function Builtin({ name, r, now }: { name: string; r: TRunRow; now: number }) {
  switch (name) {
    case "host":
      return (
        <span className="whitespace-nowrap text-xs">
          <span className="text-zinc-800 dark:text-zinc-200">{r.hostName}</span>
          {/* Imported and adopted runs hold no GPU lease of ours. */}
          {r.gpuIndices.length > 0 && <span className="ml-1 font-mono text-zinc-500">[{r.gpuIndices.join(",")}]</span>}
        </span>
      );
    case "preset":
      return r.presetName ? (
        <span className="block max-w-32 truncate text-xs text-zinc-600 xl:max-w-56 dark:text-zinc-400" title={`${r.presetName} v${r.presetVersion}`}>
          {r.presetName}<span className="text-zinc-400">@v{r.presetVersion}</span>
        </span>
      ) : <span className="text-zinc-400">—</span>;
    case "progress":
      return <ProgressBar step={r.lastStep} total={r.totalSteps} tone={ACTIVE.has(r.status) ? "accent" : "muted"} />;
    case "loss":
      return <Metric v={r.lastLoss} />;
    case "trend":
      return <Sparkline values={r.spark} width={80} label={`${r.name} loss trend`} />;
    case "eval_loss":
      return <Metric v={r.lastEvalLoss} />;
    case "verdict":
      return <span data-testid="run-verdict-cell"><Verdict r={r} /></span>;
    case "stop":
      return r.stopReason ? (
        <span className="block max-w-56 truncate text-xs text-zinc-600 dark:text-zinc-400" title={r.stopReason}>
          {r.stopRule && <span className="mr-1 font-mono text-zinc-500">{r.stopRule}</span>}{r.stopReason}
        </span>
      ) : <span className="text-zinc-400">—</span>;
    case "tags":
      return r.tags.length ? <span className="text-xs">{r.tags.join(", ")}</span> : <span className="text-zinc-400">—</span>;
    case "duration":
      return <span className="whitespace-nowrap text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{duration(r, now)}</span>;
    case "created":
      return <span className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400" title={r.createdAt}>{r.createdAt.slice(0, 16).replace("T", " ")}</span>;
    default:
      return null;
  }
}
