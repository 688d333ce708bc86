"use client";
// Overlaid curves of 2-10 runs: one colour per run on every chart, shared x axis kind, shared
// smoothing and zoom window (zoom refetches finer buckets for every run), run chips toggle a run.
import { useCallback, useMemo, useRef, useState } from "react";
import type { TRunSeries, TSeriesName, TXAxis } from "@/lib/metrics/store/series-types";
import { MetricChart, type TChartSeries, type TWindow } from "@/app/(dash)/runs/[id]/_charts/metric-chart";
import { smoothBuckets, smoothRaw } from "@/app/(dash)/runs/[id]/_charts/smooth";

export const RUN_COLORS = ["#2563eb", "#ea580c", "#059669", "#7c3aed", "#db2777", "#0891b2", "#ca8a04", "#4b5563", "#dc2626", "#65a30d"];
const X_LABEL: Record<TXAxis, string> = { step: "step", epoch: "epoch", wall: "wall time since start (s)" };
const METRICS: { name: TSeriesName; title: string; smooth: boolean; points?: boolean }[] = [
  { name: "loss", title: "Train loss", smooth: true },
  { name: "evalLoss", title: "Eval loss", smooth: false, points: true },
  { name: "lr", title: "Learning rate", smooth: false },
  { name: "gradNorm", title: "Grad norm", smooth: true },
  { name: "throughput", title: "Throughput (tokens/s)", smooth: false },
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
      <div className="flex flex-wrap items-center gap-4 text-sm">
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
                className={`flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs ${off ? "opacity-40" : ""} border-zinc-300 dark:border-zinc-700`}>
                <span className="size-2.5 rounded-full" style={{ background: RUN_COLORS[(i < 0 ? 0 : i) % RUN_COLORS.length] }} />{r.name}
              </button>
            );
          })}
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {charts.map((c) => (
          <MetricChart key={c.name} title={c.title} testId={`compare-${c.name}`} xLabel={X_LABEL[axis]} series={c.series} window={win} onZoom={onZoom} onReset={onReset} />
        ))}
      </div>
    </div>
  );
}
