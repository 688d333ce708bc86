"use client";
// One Chart.js chart of one metric: any number of series (raw drawn faintly behind the smoothed
// line), non-finite values as red triangles pinned to the top edge, hover listing every series'
// value nearest the cursor's x, drag/wheel zoom (the parent refetches finer buckets), ctrl-drag pan.
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import {
  Chart as ChartJS, Interaction, LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Filler,
  type ChartDataset, type ChartOptions, type InteractionItem,
} from "chart.js";
import { Line } from "react-chartjs-2";
import type { TNonFinite, TXY } from "@/lib/metrics/store/series-types";
import { chartChrome, useDarkMode } from "@/app/components/use-dark-mode";
import { fmtTick } from "./format-tick";

ChartJS.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Filler);

// Hover: for each visible dataset, its point nearest the cursor's x (datasets have different x's,
// so Chart.js's "index" mode would pair the wrong points).
const modes = Interaction.modes as unknown as Record<string, unknown>;
modes.eachNearestX = (chart: ChartJS, e: { x: number | null }): InteractionItem[] => {
  const items: InteractionItem[] = [];
  if (e.x === null) return items;
  chart.data.datasets.forEach((_ds, di) => {
    const meta = chart.getDatasetMeta(di);
    if (!chart.isDatasetVisible(di) || meta.data.length === 0) return;
    let lo = 0, hi = meta.data.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((meta.data[mid]!.x ?? 0) < e.x!) lo = mid + 1; else hi = mid; }
    let best = lo;
    if (lo > 0 && Math.abs(meta.data[lo - 1]!.x - e.x!) < Math.abs(meta.data[lo]!.x - e.x!)) best = lo - 1;
    if (Math.abs(meta.data[best]!.x - e.x!) <= 40) items.push({ element: meta.data[best]!, datasetIndex: di, index: best });
  });
  return items;
};

export type TChartSeries = {
  label: string;
  color: string;
  raw: TXY[];
  /** Smoothed line; when absent the raw series is drawn solid. */
  smoothed?: TXY[];
  nonFinite: TNonFinite[];
  /** Sparse series (eval loss) draw their points. */
  showPoints?: boolean;
  hidden?: boolean;
  /** A shaded min..max band behind the line (a group of runs on the compare page). */
  band?: { lo: TXY[]; hi: TXY[] };
  /** Thinner line (the runs of an expanded group drawn behind its mean). */
  thin?: boolean;
};

export type TWindow = { x0: number; x1: number } | null;

/** A labelled vertical line at an x (the step a stop rule fired at, the best checkpoint). */
export type TMarker = { x: number; label: string; color: string };

// Draws props.markers (read through chart.options so the plugin object stays stable across renders).
const markerPlugin = {
  id: "ffMarkers",
  afterDatasetsDraw(chart: ChartJS) {
    const markers = (chart.options.plugins as { ffMarkers?: { markers?: TMarker[] } }).ffMarkers?.markers ?? [];
    const sx = chart.scales.x, area = chart.chartArea;
    if (!sx || markers.length === 0) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = "11px system-ui, sans-serif";
    // One label row per marker: two marks a few steps apart must not print over each other.
    markers.forEach((m, row) => {
      const px = sx.getPixelForValue(m.x);
      if (px < area.left || px > area.right) return;
      ctx.strokeStyle = m.color;
      ctx.fillStyle = m.color;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
      const w = ctx.measureText(m.label).width;
      ctx.fillText(m.label, px + 4 + w > area.right ? px - 4 - w : px + 4, area.top + 12 + row * 14);
    });
    ctx.restore();
  },
};

function fmt(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(3) : v.toPrecision(5);
}

export function MetricChart(props: {
  title: string;
  testId: string;
  xLabel: string;
  /** The y axis title, with the unit when there is one. */
  yLabel?: string;
  /** The chart's own legend; off where the page shows one legend for all charts (compare). */
  legend?: boolean;
  series: TChartSeries[];
  window: TWindow;
  onZoom?: (w: { x0: number; x1: number }) => void;
  onReset?: () => void;
  logY?: boolean;
  height?: number;
  /** Shown instead of the chart while it has nothing to draw (default "No data yet"). */
  emptyText?: ReactNode;
  markers?: TMarker[];
  /** Fixed y range (outlier clipping); points outside are clipped at the chart's edge. */
  yRange?: { min: number; max: number } | null;
  /** Controls shown in the chart's header (compare: log-y and clip toggles). */
  headerExtra?: ReactNode;
}) {
  const [zoomReady, setZoomReady] = useState(false);
  const dark = useDarkMode();
  const onZoomRef = useRef(props.onZoom);
  onZoomRef.current = props.onZoom;
  useEffect(() => {
    let alive = true;
    // chartjs-plugin-zoom touches `window` at import: browser only.
    void import("chartjs-plugin-zoom").then((m) => { ChartJS.register(m.default); if (alive) setZoomReady(true); });
    return () => { alive = false; };
  }, []);

  const yTop = useMemo(() => {
    let max = -Infinity;
    for (const s of props.series) if (!s.hidden) for (const p of s.smoothed ?? s.raw) if (p.y > max) max = p.y;
    for (const s of props.series) if (!s.hidden) for (const p of s.raw) if (p.y > max) max = p.y;
    return Number.isFinite(max) ? max : 1;
  }, [props.series]);

  const datasets = useMemo(() => {
    const out: ChartDataset<"line", TXY[]>[] = [];
    for (const s of props.series) {
      if (s.band && s.band.hi.length) {
        out.push({ label: `${s.label} max (band)`, data: s.band.hi, hidden: s.hidden, borderColor: "transparent", backgroundColor: "transparent",
          borderWidth: 0, pointRadius: 0, pointHoverRadius: 0, parsing: false, normalized: true, fill: false });
        out.push({ label: `${s.label} min (band)`, data: s.band.lo, hidden: s.hidden, borderColor: "transparent", backgroundColor: `${s.color}2e`,
          borderWidth: 0, pointRadius: 0, pointHoverRadius: 0, parsing: false, normalized: true, fill: "-1" });
      }
      const faint = s.smoothed !== undefined;
      out.push({
        label: faint ? `${s.label} (raw)` : s.label, data: s.raw, hidden: s.hidden, borderColor: faint ? `${s.color}40` : s.thin ? `${s.color}99` : s.color,
        backgroundColor: s.color, borderWidth: faint || s.thin ? 1 : 1.5, pointRadius: s.showPoints && s.raw.length < 300 ? 2.5 : 0, pointHoverRadius: 3,
        parsing: false, normalized: true, spanGaps: true,
      });
      if (faint) out.push({ label: s.label, data: s.smoothed!, hidden: s.hidden, borderColor: s.thin ? `${s.color}99` : s.color, backgroundColor: s.color,
        borderWidth: s.thin ? 1 : 2, pointRadius: 0, pointHoverRadius: 3, parsing: false, normalized: true });
      if (s.nonFinite.length > 0) out.push({
        label: `${s.label} non-finite`, hidden: s.hidden, showLine: false, parsing: false,
        data: s.nonFinite.map((m) => ({ x: m.x, y: props.yRange ? props.yRange.max : yTop, nf: m }) as TXY),
        pointStyle: "triangle", pointRotation: 180, pointRadius: 7, pointHoverRadius: 9, borderColor: "#dc2626", backgroundColor: "#ef4444",
      });
    }
    return out;
  }, [props.series, yTop]);

  const options = useMemo<ChartOptions<"line">>(() => {
    const c = chartChrome(dark);
    return {
    responsive: true, maintainAspectRatio: false, animation: false,
    interaction: { mode: "eachNearestX" as "nearest", intersect: false },
    scales: {
      x: { type: "linear", title: { display: true, text: props.xLabel, color: c.title }, ticks: { color: c.tick, maxTicksLimit: 10 },
        grid: { color: c.grid }, border: { color: c.grid }, ...(props.window ? { min: props.window.x0, max: props.window.x1 } : {}) },
      y: { type: props.logY ? "logarithmic" : "linear", ...(props.yRange ? { min: props.logY && props.yRange.min <= 0 ? undefined : props.yRange.min, max: props.yRange.max } : {}), title: { display: !!props.yLabel, text: props.yLabel ?? "", color: c.title },
        ticks: { color: c.tick, maxTicksLimit: 7, callback: (v) => fmtTick(Number(v)) }, grid: { color: c.grid }, border: { color: c.grid } },
    },
    plugins: {
      ffMarkers: { markers: props.markers ?? [] },
      legend: { display: props.legend ?? true, labels: { color: c.tick, boxWidth: 10, filter: (item) => !item.text.endsWith("(raw)") && !item.text.endsWith("(band)") } },
      tooltip: {
        filter: (item) => !String(item.dataset.label ?? "").endsWith("(band)"),
        callbacks: {
          title: (items) => (items[0] ? `${props.xLabel} ${fmt(items[0].parsed.x ?? 0)}` : ""),
          label: (item) => {
            const nf = (item.raw as { nf?: TNonFinite }).nf;
            if (nf) return `${item.dataset.label}: ${nf.value} at step ${nf.step}${nf.count > 1 ? ` (+${nf.count - 1} more here)` : ""}`;
            return `${item.dataset.label}: ${fmt(item.parsed.y ?? NaN)}`;
          },
        },
      },
      ...(zoomReady ? {
        zoom: {
          zoom: { wheel: { enabled: true }, drag: { enabled: true }, mode: "x",
            onZoomComplete: ({ chart }: { chart: ChartJS }) => {
              const sx = chart.scales.x;
              if (sx) onZoomRef.current?.({ x0: sx.min, x1: sx.max });
            } },
          pan: { enabled: true, mode: "x", modifierKey: "ctrl",
            onPanComplete: ({ chart }: { chart: ChartJS }) => {
              const sx = chart.scales.x;
              if (sx) onZoomRef.current?.({ x0: sx.min, x1: sx.max });
            } },
        },
      } : {}),
    } as ChartOptions<"line">["plugins"],
    };
  }, [props.xLabel, props.yLabel, props.legend, props.window, props.logY, props.markers, props.yRange, zoomReady, dark]);

  const nPoints = props.series.reduce((a, s) => a + s.raw.length, 0);
  const nNonFinite = props.series.reduce((a, s) => a + s.nonFinite.reduce((b, m) => b + m.count, 0), 0);
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mb-1 flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">{props.title}</h3>
        <div className="flex items-center gap-2 text-xs text-zinc-500">
          {props.headerExtra}
          {nNonFinite > 0 && <span className="text-red-600 dark:text-red-400" data-testid={`${props.testId}-nonfinite`}>{nNonFinite} non-finite</span>}
          {props.window && props.onReset && (
            <button type="button" className="rounded px-1.5 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800" onClick={props.onReset}>Reset zoom</button>
          )}
        </div>
      </div>
      <div data-testid={props.testId} data-points={nPoints} data-series={props.series.map((x) => x.label).join("|")} data-markers={(props.markers ?? []).map((m) => m.label).join("|")} data-zoom={zoomReady ? "ready" : "pending"} style={{ height: props.height ?? 240 }}>
        {nPoints + nNonFinite === 0
          ? <div className="grid h-full place-items-center px-6 text-center text-sm text-zinc-400" data-testid={`${props.testId}-empty`}><p className="max-w-sm">{props.emptyText ?? "No data yet"}</p></div>
          : <Line data={{ datasets }} options={options} plugins={[markerPlugin]} />}
      </div>
    </section>
  );
}
