"use client";
// The compare page's client side: one view state mirrored into the URL. Settings that need no new data
// (smoothing, hidden runs, log-y, clipping, grouping, brushes, keys) replace the URL in place; the x axis
// and zoom refetch curves through /api/runs/compare; new runs or new axes reload the page's data.
import { useCallback, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { TRunSeries, TXAxis } from "@/lib/metrics/store/series-types";
import { compareStateToQuery, type TCompareState } from "@/lib/compare/compare-state";
import type { TCompareRun } from "@/lib/compare/load-compare-runs";
import { groupRuns } from "@/lib/compare/group-series";
import { buildScale, passesBrushes, type TPcScale } from "@/lib/compare/pc-scale";
import { runColor } from "@/lib/compare/run-colors";
import type { TWindow } from "@/app/(dash)/runs/[id]/_charts/metric-chart";
import { CompareCharts } from "./compare-charts";
import { ParallelCoords } from "./parallel-coords";
import { HparamTable } from "./hparam-table";
import { OutcomesTable } from "./outcomes-table";
import { RunPicker } from "./run-picker";

export function CompareView(props: { state: TCompareState; explicitAxes: boolean; runs: TCompareRun[]; initialSeries: { xAxis: TXAxis; runs: TRunSeries[] };
  differing: string[]; resultKeys: string[]; evalKeys: string[] }) {
  const router = useRouter();
  const [state, setState] = useState(props.state);
  const [data, setData] = useState(props.initialSeries.runs);
  const seq = useRef(0);

  // Default axes are not written to the URL until the user changes them (adding, removing, a log flag, a brush).
  const urlOf = useCallback((s: TCompareState, explicit: boolean) =>
    `/compare?${compareStateToQuery(explicit ? s : { ...s, pc: [], pclog: [], brush: [] })}`, []);
  const latest = useRef({ state: props.state, explicit: props.explicitAxes });
  const update = useCallback((patch: Partial<TCompareState>, o: { reload?: boolean; axesTouched?: boolean } = {}) => {
    const next = { ...latest.current.state, ...patch };
    const explicit = latest.current.explicit || !!o.axesTouched;
    latest.current = { state: next, explicit };
    setState(next);
    const url = urlOf(next, explicit);
    if (o.reload) router.replace(url, { scroll: false });
    else window.history.replaceState(null, "", url);
  }, [router, urlOf]);

  const load = useCallback(async (axis: TXAxis, w: TWindow) => {
    const my = ++seq.current;
    const qs = new URLSearchParams({ runs: props.runs.map((r) => r.id).join(","), axis, ...(w ? { x0: String(w.x0), x1: String(w.x1) } : {}) });
    const res = await fetch(`/api/runs/compare?${qs}`, { cache: "no-store" });
    if (res.ok && my === seq.current) setData(((await res.json()) as { runs: TRunSeries[] }).runs);
  }, [props.runs]);

  const colors = useMemo(() => new Map(props.runs.map((r, i) => [r.id, runColor(i)])), [props.runs]);
  const groups = useMemo(() => (state.group ? groupRuns(props.runs, state.group) : null), [state.group, props.runs]);
  const scales = useMemo(() => {
    const out: Record<string, TPcScale> = {};
    for (const a of state.pc) out[a] = buildScale(props.runs.map((r) => r.axes[a] ?? null), state.pclog.includes(a));
    return out;
  }, [state.pc, state.pclog, props.runs]);
  const passing = useMemo(() => new Set(props.runs.filter((r) => passesBrushes(r.axes, scales, state.brush)).map((r) => r.id)), [props.runs, scales, state.brush]);
  const groupKeys = useMemo(() => [...new Set(props.runs.flatMap((r) => Object.keys(r.hparams)))].sort(), [props.runs]);
  const shown = props.runs.filter((r) => passing.has(r.id));

  return (
    <div className="space-y-4">
      <RunPicker state={state} names={new Map(props.runs.map((r) => [r.id, r.name]))} colors={colors} />
      <CompareCharts runs={props.runs} colors={colors} data={data} state={state} groups={groups}
        groupKeys={groupKeys} differing={props.differing} update={update}
        onAxis={(axis) => { update({ axis, zoom: null }); void load(axis, null); }}
        onZoom={(w) => {
          const win = Number.isFinite(w.x0) && Number.isFinite(w.x1) ? w : null; // NaN: reset
          update({ zoom: win });
          void load(state.axis, win);
        }} />
      <ParallelCoords runs={props.runs} colors={colors} state={state} scales={scales} passing={passing}
        options={{ hparams: groupKeys, differing: props.differing, results: props.resultKeys, evals: props.evalKeys }}
        onChange={(patch, reload) => update(patch, { reload, axesTouched: true })} />
      {state.brush.length > 0 && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="brush-summary">
          {shown.length} of {props.runs.length} runs inside the brushed ranges; the tables below show only those.{" "}
          <button type="button" className="text-accent-600 hover:underline dark:text-accent-400" onClick={() => update({ brush: [] }, { axesTouched: true })}>Clear brushes</button>
        </p>
      )}
      <HparamTable runs={shown} total={props.runs.length} colors={colors} differing={props.differing} allKeys={state.allKeys} onAllKeys={(allKeys) => update({ allKeys })} />
      <OutcomesTable runs={shown} colors={colors} evalKeys={props.evalKeys} />
    </div>
  );
}
