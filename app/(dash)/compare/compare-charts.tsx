"use client";
// Overlaid curves of 2-10 runs: one colour per run on every chart, shared x axis kind, shared
// smoothing and zoom window (zoom refetches finer buckets for every run), run chips toggle a run.
import { useCallback, useMemo, useRef, useState } from "react";
import type { TRunSeries, TSeriesName, TXAxis } from "@/lib/metrics/store/series-types";
import { MetricChart, type TChartSeries, type TWindow } from "@/app/(dash)/runs/[id]/_charts/metric-chart";
import { smoothBuckets, smoothRaw } from "@/app/(dash)/runs/[id]/_charts/smooth";

export const RUN_COLORS = ["#2563eb", "#ea580c", "#059669", "#7c3aed", "#db2777", "#0891b2", "#ca8a04", "#4b5563", "#dc2626", "#65a30d"];
const X_LABEL: Record<TXAxis, string> = { step: "step", epoch: "epoch", wall: "wall time since start (s)" };
// Losses two abreast, the rest three abreast on wide screens (a 6-column grid); on a 2-column grid the
// lone last chart takes the whole row. Compared runs' learning rates often differ by orders of
// magnitude: on a linear axis every run but the largest would lie flat on zero.
const METRICS: { name: TSeriesName; title: string; yLabel: string; smooth: boolean; points?: boolean; logY?: boolean; span: string }[] = [
  { name: "loss", title: "Train loss", yLabel: "loss", smooth: true, span: "xl:col-span-3" },
  { name: "evalLoss", title: "Eval loss", yLabel: "eval loss", smooth: false, points: true, span: "xl:col-span-3" },
  { name: "lr", title: "Learning rate (log scale)", yLabel: "learning rate", smooth: false, logY: true, span: "xl:col-span-2" },
  { name: "gradNorm", title: "Grad norm", yLabel: "grad norm (L2)", smooth: true, span: "xl:col-span-2" },
  { name: "throughput", title: "Throughput (tokens/s)", yLabel: "tokens/s", smooth: false, span: "lg:col-span-2 xl:col-span-2" },
];

export function CompareCharts(props: { runs: { id: string; name: string }[]; initial: { xAxis: TXAxis; runs: TRunSeries[] } }) {
  const [axis, setAxis] = useState<TXAxis>(props.initial.xAxis);
  const [win, setWin] = useState<TWindow>(null);
  const [data, setData] = useState(props.initial.runs);
  const [smoothing, setSmoothing] = useState(0.6);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const seq = useRef(0);
  const axisRef = useRef(axis);
  axisRef.current = axis;

  const load = useCallback(async (a: TXAxis, w: TWindow) => {
    const my = ++seq.current;
    const qs = new URLSearchParams({ runs: props.runs.map((r) => r.id).join(","), axis: a, ...(w ? { x0: String(w.x0), x1: String(w.x1) } : {}) });
    const res = await fetch(`/api/runs/compare?${qs}`, { cache: "no-store" });
    if (res.ok && my === seq.current) setData(((await res.json()) as { runs: TRunSeries[] }).runs);
  }, [props.runs]);

  const onZoom = useCallback((w: { x0: number; x1: number }) => { setWin(w); void load(axisRef.current, w); }, [load]);
  const onReset = useCallback(() => { setWin(null); void load(axisRef.current, null); }, [load]);

  const charts = useMemo(() => METRICS.map((m) => ({
    ...m,
    series: data.map((d, i): TChartSeries => {
      const s = d.series[m.name];
      const run = props.runs.find((r) => r.id === d.runId);
      return {
        label: run?.name ?? d.runId, color: RUN_COLORS[i % RUN_COLORS.length]!, raw: s.points, nonFinite: s.nonFinite,
        hidden: hidden.has(d.runId), showPoints: m.points,
        ...(m.smooth ? { smoothed: s.means ? smoothBuckets(s.means, smoothing) : smoothRaw(s.points, smoothing) } : {}),
      };
    }),
  })), [data, smoothing, hidden, props.runs]);

  return (
    <div className="space-y-4">
      {/* Sticky: the run chips are the legend of every chart below (the charts draw none of their own). */}
      <div className="sticky top-12 z-10 -mx-4 flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-zinc-200/70 bg-zinc-50/90 px-4 py-2 text-sm backdrop-blur dark:border-zinc-800/70 dark:bg-zinc-950/90">
        <label className="flex items-center gap-2">x axis
          <select className="ff-input w-auto py-1" value={axis} data-testid="compare-x-axis"
            onChange={(e) => { const a = e.target.value as TXAxis; setAxis(a); setWin(null); void load(a, null); }}>
            <option value="step">step</option><option value="epoch">epoch</option><option value="wall">relative wall time</option>
          </select>
        </label>
        <label className="flex items-center gap-2">smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} data-testid="compare-smoothing" />
          <span className="w-8 tabular-nums">{smoothing.toFixed(2)}</span>
        </label>
        <div className="flex flex-wrap gap-1.5" data-testid="run-legend">
          {props.runs.map((r) => {
            const i = data.findIndex((d) => d.runId === r.id);
            const off = hidden.has(r.id);
            return (
              <button key={r.id} type="button" aria-pressed={!off}
                onClick={() => setHidden((h) => { const n = new Set(h); if (n.has(r.id)) n.delete(r.id); else n.add(r.id); return n; })}
                title={off ? `Show ${r.name}` : `Hide ${r.name}`}
                className={`flex max-w-64 items-center gap-1.5 rounded-full border border-zinc-300 bg-white px-2 py-0.5 text-xs hover:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-zinc-500 ${off ? "opacity-40 line-through" : ""}`}>
                <span className="size-2.5 shrink-0 rounded-full" style={{ background: RUN_COLORS[(i < 0 ? 0 : i) % RUN_COLORS.length] }} /><span className="truncate">{r.name}</span>
              </button>
            );
          })}
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-2 xl:grid-cols-6">
        {charts.map((c) => (
          <div key={c.name} className={c.span}>
            <MetricChart title={c.title} testId={`compare-${c.name}`} xLabel={X_LABEL[axis]} yLabel={c.yLabel} logY={c.logY} legend={false}
              series={c.series} window={win} onZoom={onZoom} onReset={onReset} />
          </div>
        ))}
      </div>
    </div>
  );
}
