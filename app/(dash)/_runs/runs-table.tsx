"use client";
// Polls /api/runs/live every ~2 s and swaps the rows in place: React only patches changed cells,
// so there is no reload and no flicker. Polling pauses while the tab is hidden.
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { formatAgo, formatDateTime, formatDuration, formatMetric } from "@/lib/format/format-time";
import { fromJsonFloat } from "@/lib/metrics/store/float-text";
import type { TRunRow } from "@/lib/dashboard/list-runs";
import { StatusPill } from "@/app/components/status-pill";
import { Sparkline } from "@/app/components/sparkline";
import { ProgressBar } from "@/app/components/progress-bar";
import { Button, buttonClass } from "@/app/components/button";
import { KillRunsDialog } from "@/app/(dash)/_runs/kill-runs-dialog";
import { VerdictBadge } from "@/app/components/verdict-badge";

const POLL_MS = 2000;
const ACTIVE = new Set(["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"]);
const MAX_COMPARE = 10;

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

export function RunsTable({ initial, query, serverNow, canKill }: { initial: { rows: TRunRow[]; more: boolean }; query: string; serverNow: number; canKill: boolean }) {
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
            const body = (await res.json()) as { rows: TRunRow[]; more: boolean; now: number };
            if (!stopped) {
              setData({ rows: body.rows, more: body.more });
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
  const canCompare = picked.length >= 2 && picked.length <= MAX_COMPARE;

  return (
    <div className="ff-card overflow-hidden">
      <div className="flex h-11 items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
        <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="selection-count">
          {picked.length ? `${picked.length} selected` : `${rows.length}${data.more ? "+" : ""} run${rows.length === 1 ? "" : "s"}`}
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
                <th>Run</th>
                <th>Status</th>
                <th className="hidden xl:table-cell">Host / GPUs</th>
                <th>Preset</th>
                <th>Progress</th>
                <th className="text-right">Loss</th>
                <th className="w-20" title="train loss over the run">Trend</th>
                <th className="text-right">Eval loss</th>
                <th title="the rules' verdict: final, or so far (live) while the run trains">Verdict</th>
                <th className="text-right">Duration</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-run-id={r.id} data-run-name={r.name} className={selected.has(r.id) ? "bg-accent-50/60 dark:bg-accent-500/10" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}>
                  <td>
                    <input type="checkbox" aria-label={`Select ${r.name}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} className="accent-accent-600" />
                  </td>
                  <td className="max-w-48 xl:max-w-72 2xl:max-w-96">
                    <Link href={`/runs/${r.id}`} className="block truncate font-medium text-zinc-900 hover:text-accent-600 dark:text-zinc-100 dark:hover:text-accent-400" title={r.name}>
                      {r.name}
                    </Link>
                    {/* Below xl the host has no column of its own: it leads this line instead. */}
                    <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
                      <span className="xl:hidden">{r.hostName} <span className="font-mono">[{r.gpuIndices.join(",")}]</span> · </span>
                      {r.createdByName ?? "—"} · <span title={formatDateTime(r.createdAt)}>{formatAgo(r.createdAt, now)}</span>
                    </span>
                  </td>
                  <td>
                    <StatusPill status={r.status} title={r.stopReason ?? r.errorExcerpt ?? undefined} />
                  </td>
                  <td className="hidden whitespace-nowrap text-xs xl:table-cell">
                    <span className="text-zinc-800 dark:text-zinc-200">{r.hostName}</span>
                    <span className="ml-1 font-mono text-zinc-500">[{r.gpuIndices.join(",")}]</span>
                  </td>
                  <td className="max-w-32 text-xs text-zinc-600 xl:max-w-56 dark:text-zinc-400">
                    {r.presetName ? (
                      <span className="block truncate" title={`${r.presetName} v${r.presetVersion}`}>
                        {r.presetName}
                        <span className="text-zinc-400">@v{r.presetVersion}</span>
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    <ProgressBar step={r.lastStep} total={r.totalSteps} tone={ACTIVE.has(r.status) ? "accent" : "muted"} />
                  </td>
                  <td className="text-right"><Metric v={r.lastLoss} /></td>
                  <td><Sparkline values={r.spark} width={80} label={`${r.name} loss trend`} /></td>
                  <td className="text-right"><Metric v={r.lastEvalLoss} /></td>
                  <td data-testid="run-verdict-cell"><Verdict r={r} /></td>
                  <td className="whitespace-nowrap text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{duration(r, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
