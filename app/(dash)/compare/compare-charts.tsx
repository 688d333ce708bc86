"use client";
// Overlaid curves: one colour per run (or per group: mean line + min/max band, a group expandable back
// into its runs), shared x axis, smoothing and zoom window, per-chart log-y and outlier clipping.
import { useMemo } from "react";
import type { TRunSeries, TSeriesName, TXAxis, TXY } from "@/lib/metrics/store/series-types";
import { toggle, type TCompareState } from "@/lib/compare/compare-state";
import { aggregateGroup, type TGroup } from "@/lib/compare/group-series";
import { clipRange } from "@/lib/compare/clip-range";
import { runColor } from "@/lib/compare/run-colors";
import type { TCompareRun } from "@/lib/compare/load-compare-runs";
import { MetricChart, type TChartSeries } from "@/app/(dash)/runs/[id]/_charts/metric-chart";
import { smoothBuckets, smoothRaw } from "@/app/(dash)/runs/[id]/_charts/smooth";

const X_LABEL: Record<TXAxis, string> = { step: "step", epoch: "epoch", wall: "wall time since start (s)" };
// Losses two abreast, the rest three abreast on wide screens (a 6-column grid).
const METRICS: { name: TSeriesName; title: string; yLabel: string; smooth: boolean; points?: boolean; span: string }[] = [
  { name: "loss", title: "Train loss", yLabel: "loss", smooth: true, span: "xl:col-span-3" },
  { name: "evalLoss", title: "Eval loss", yLabel: "eval loss", smooth: false, points: true, span: "xl:col-span-3" },
  { name: "lr", title: "Learning rate", yLabel: "learning rate", smooth: false, span: "xl:col-span-2" },
  { name: "gradNorm", title: "Grad norm", yLabel: "grad norm (L2)", smooth: true, span: "xl:col-span-2" },
  { name: "throughput", title: "Throughput (tokens/s)", yLabel: "tokens/s", smooth: false, span: "lg:col-span-2 xl:col-span-2" },
];
const GROUP_BINS = 150;

type TUpdate = (patch: Partial<TCompareState>) => void;

function Toggle({ on, label, title, onClick, testId }: { on: boolean; label: string; title: string; onClick: () => void; testId: string }) {
  return (
    <button type="button" aria-pressed={on} title={title} onClick={onClick} data-testid={testId}
      className={`rounded border px-1.5 py-0.5 text-[11px] leading-4 ${on ? "border-accent-500 bg-accent-50 text-accent-700 dark:bg-accent-500/15 dark:text-accent-300" : "border-zinc-300 text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-400 dark:hover:bg-zinc-800"}`}>
      {label}
    </button>
  );
}

export function CompareCharts(props: {
  runs: TCompareRun[]; colors: Map<string, string>; data: TRunSeries[]; state: TCompareState; groups: TGroup[] | null;
  groupKeys: string[]; differing: string[]; update: TUpdate; onAxis: (a: TXAxis) => void; onZoom: (w: { x0: number; x1: number }) => void;
}) {
  const { state, update } = props;
  const hidden = useMemo(() => new Set(state.hide), [state.hide]);
  const names = useMemo(() => new Map(props.runs.map((r) => [r.id, r.name])), [props.runs]);

  const charts = useMemo(() => METRICS.map((m) => {
    // Each run's display line: smoothed where the metric is smoothed, raw otherwise.
    const perRun = props.data.map((d) => {
      const s = d.series[m.name];
      const smoothed = m.smooth ? (s.means ? smoothBuckets(s.means, state.smooth) : smoothRaw(s.points, state.smooth)) : undefined;
      return { d, s, smoothed, line: smoothed ?? s.points };
    });
    const runSeries = (p: (typeof perRun)[number], o: { thin?: boolean; color?: string } = {}): TChartSeries => ({
      label: names.get(p.d.runId) ?? p.d.runId, color: o.color ?? props.colors.get(p.d.runId) ?? "#888", raw: p.s.points, nonFinite: p.s.nonFinite,
      hidden: hidden.has(p.d.runId), showPoints: m.points, ...(p.smoothed ? { smoothed: p.smoothed } : {}), ...(o.thin ? { thin: true } : {}),
    });
    let series: TChartSeries[];
    if (!props.groups) series = perRun.map((p) => runSeries(p));
    else {
      series = [];
      props.groups.forEach((g, gi) => {
        const members = perRun.filter((p) => g.runIds.includes(p.d.runId) && !hidden.has(p.d.runId));
        const color = runColor(gi);
        const expanded = state.expand.includes(g.label);
        if (expanded) for (const p of members) series.push(runSeries(p, { thin: true, color }));
        const band = aggregateGroup(members.map((p) => p.line), GROUP_BINS);
        series.push({ label: `${g.label} (mean of ${members.length})`, color, raw: band.mean, nonFinite: members.flatMap((p) => p.s.nonFinite),
          showPoints: false, ...(expanded ? {} : { band: { lo: band.lo, hi: band.hi } }) });
      });
    }
    const visibleLines: TXY[][] = series.filter((s) => !s.hidden).map((s) => s.smoothed ?? s.raw);
    const yRange = state.clip.includes(m.name) ? clipRange(visibleLines) : null;
    return { ...m, series, yRange };
  }), [props.data, props.groups, props.colors, names, hidden, state.smooth, state.expand, state.clip]);

  const legend = props.groups
    ? props.groups.map((g, gi) => {
        const open = state.expand.includes(g.label);
        return (
          <button key={g.label} type="button" aria-expanded={open} data-group={g.label}
            onClick={() => update({ expand: toggle(state.expand, g.label) })}
            title={open ? "Collapse into the mean and band" : "Expand into its runs"}
            className="flex max-w-72 items-center gap-1.5 rounded-full border border-zinc-300 bg-white px-2 py-0.5 text-xs hover:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-zinc-500">
            <span className="size-2.5 shrink-0 rounded-full" style={{ background: runColor(gi) }} />
            <span className="truncate font-mono">{g.label}</span>
            <span className="text-zinc-500">×{g.runIds.length}</span>
            <span aria-hidden className="text-zinc-400">{open ? "▾" : "▸"}</span>
          </button>
        );
      })
    : props.runs.map((r) => {
        const off = hidden.has(r.id);
        return (
          <button key={r.id} type="button" aria-pressed={!off} onClick={() => update({ hide: toggle(state.hide, r.id) })}
            title={off ? `Show ${r.name}` : `Hide ${r.name}`}
            className={`flex max-w-64 items-center gap-1.5 rounded-full border border-zinc-300 bg-white px-2 py-0.5 text-xs hover:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-zinc-500 ${off ? "opacity-40 line-through" : ""}`}>
            <span className="size-2.5 shrink-0 rounded-full" style={{ background: props.colors.get(r.id) }} /><span className="truncate">{r.name}</span>
          </button>
        );
      });

  return (
    <div className="space-y-4">
      {/* Sticky: the chips are the legend of every chart below (the charts draw none of their own). */}
      <div className="sticky top-12 z-10 -mx-4 flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-zinc-200/70 bg-zinc-50/90 px-4 py-2 text-sm backdrop-blur dark:border-zinc-800/70 dark:bg-zinc-950/90">
        <label className="flex items-center gap-2">x axis
          <select className="ff-input w-auto py-1" value={state.axis} data-testid="compare-x-axis" onChange={(e) => props.onAxis(e.target.value as TXAxis)}>
            <option value="step">step</option><option value="epoch">epoch</option><option value="wall">relative wall time</option>
          </select>
        </label>
        <label className="flex items-center gap-2">smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={state.smooth} onChange={(e) => update({ smooth: Number(e.target.value) })} data-testid="compare-smoothing" />
          <span className="w-8 tabular-nums">{state.smooth.toFixed(2)}</span>
        </label>
        <label className="flex items-center gap-2">group by
          <select className="ff-input w-auto max-w-48 py-1" value={state.group ?? ""} data-testid="compare-group"
            onChange={(e) => update({ group: e.target.value || null, expand: [] })}>
            <option value="">none (each run)</option>
            <option value="tag">tag</option>
            {props.differing.length > 0 && <optgroup label="differing hyperparameters">{props.differing.map((k) => <option key={k} value={`hp:${k}`}>{k}</option>)}</optgroup>}
            <optgroup label="all hyperparameters">{props.groupKeys.filter((k) => !props.differing.includes(k)).map((k) => <option key={k} value={`hp:${k}`}>{k}</option>)}</optgroup>
          </select>
        </label>
        {state.zoom && <button type="button" className="text-xs text-accent-600 hover:underline dark:text-accent-400" onClick={() => props.onZoom({ x0: NaN, x1: NaN })}>Reset zoom</button>}
        <div className="flex flex-wrap gap-1.5" data-testid="run-legend">{legend}</div>
      </div>
      <div className="grid gap-4 lg:grid-cols-2 xl:grid-cols-6">
        {charts.map((c) => (
          <div key={c.name} className={c.span}>
            <MetricChart title={c.title} testId={`compare-${c.name}`} xLabel={X_LABEL[state.axis]} yLabel={c.yLabel} legend={false}
              logY={state.logy.includes(c.name)} yRange={c.yRange} series={c.series} window={state.zoom}
              onZoom={props.onZoom} onReset={() => props.onZoom({ x0: NaN, x1: NaN })}
              headerExtra={<>
                <Toggle on={state.logy.includes(c.name)} label="log y" title="Logarithmic y axis" testId={`logy-${c.name}`} onClick={() => update({ logy: toggle(state.logy, c.name) })} />
                <Toggle on={state.clip.includes(c.name)} label="clip outliers" title="Fit the y axis to the 2nd–98th percentile, so one blown-up run does not flatten the rest"
                  testId={`clip-${c.name}`} onClick={() => update({ clip: toggle(state.clip, c.name) })} />
              </>} />
          </div>
        ))}
      </div>
    </div>
  );
}
