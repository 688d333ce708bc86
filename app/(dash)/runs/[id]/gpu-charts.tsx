"use client";
// GPU utilisation and memory of a run over time, from the worker's nvidia-smi samples (every ~10 s),
// one line per GPU, as W&B's and ClearML's system charts do. Live runs re-fetch every 10 s.
import { useEffect, useMemo, useState } from "react";
import { Chart as ChartJS, LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, type ChartOptions } from "chart.js";
import { Line } from "react-chartjs-2";
import type { TRunGpuSamples } from "@/lib/runs/get-gpu-samples";
import { formatDuration, formatMiB } from "@/lib/format/format-time";
import { chartChrome, useDarkMode } from "@/app/components/use-dark-mode";

ChartJS.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

const COLORS = ["#2563eb", "#db2777", "#16a34a", "#ea580c", "#7c3aed", "#0891b2", "#ca8a04", "#dc2626"];
const REFRESH_MS = 10_000;

export function GpuCharts({ runId, live, initial }: { runId: string; live: boolean; initial: TRunGpuSamples }) {
  const [data, setData] = useState(initial);
  useEffect(() => {
    if (!live) return;
    const t = setInterval(async () => {
      if (document.hidden) return;
      const r = await fetch(`/api/runs/${runId}/gpu`, { cache: "no-store" }).catch(() => null);
      if (r?.ok) setData((await r.json()) as TRunGpuSamples);
    }, REFRESH_MS);
    return () => clearInterval(t);
  }, [runId, live]);
  const totalMiB = Math.max(0, ...data.gpus.map((g) => g.memoryTotalMiB));
  return (
    <section className="ff-card p-4" aria-label="GPU usage" data-testid="gpu-charts">
      <div className="mb-2 flex flex-wrap items-baseline gap-x-3">
        <h2 className="text-sm font-semibold">GPUs</h2>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          nvidia-smi on the host, sampled by the worker every ~10 s{data.bucketS > 15 ? ` (averaged over ${formatDuration(data.bucketS * 1000)})` : ""}
        </span>
      </div>
      {data.gpus.length === 0 ? (
        <p className="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400" data-testid="gpu-charts-empty">
          {live ? "No GPU sample yet: the worker reads nvidia-smi every 10 s." : "No GPU samples were recorded for this run."}
        </p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <GpuChart title="Utilisation" unit="%" data={data} pick={(p) => p.util} yMax={100} testId="gpu-util-chart" fmt={(v) => `${Math.round(v)} %`} />
          <GpuChart title={`Memory used (of ${formatMiB(totalMiB)})`} unit="GiB" data={data} pick={(p) => p.memMiB / 1024} yMax={totalMiB / 1024} testId="gpu-mem-chart" fmt={(v) => formatMiB(v * 1024)} />
        </div>
      )}
    </section>
  );
}

function GpuChart(p: { title: string; unit: string; data: TRunGpuSamples; pick: (x: TRunGpuSamples["gpus"][number]["points"][number]) => number | null; yMax: number; testId: string; fmt: (v: number) => string }) {
  const dark = useDarkMode();
  const c = chartChrome(dark);
  const datasets = useMemo(() => p.data.gpus.map((g, i) => ({
    label: `GPU ${g.gpuIndex}`,
    data: g.points.map((pt) => ({ x: pt.t, y: p.pick(pt) })),
    borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length],
    borderWidth: 1.5, pointRadius: g.points.length < 3 ? 3 : 0, spanGaps: false, tension: 0,
  })), [p]);
  const options = useMemo<ChartOptions<"line">>(() => ({
    animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
    interaction: { mode: "index", intersect: false },
    scales: {
      x: { type: "linear", title: { display: true, text: "time since first sample", color: c.title }, ticks: { color: c.tick, maxTicksLimit: 8, callback: (v) => formatDuration(Number(v) * 1000) }, grid: { color: c.grid }, border: { color: c.grid } },
      y: { type: "linear", min: 0, max: p.yMax > 0 ? p.yMax : undefined, title: { display: true, text: p.unit, color: c.title }, ticks: { color: c.tick, maxTicksLimit: 6 }, grid: { color: c.grid }, border: { color: c.grid } },
    },
    plugins: {
      legend: { display: p.data.gpus.length > 1, labels: { color: c.title, boxWidth: 12 } },
      tooltip: { callbacks: { title: (items) => formatDuration(Number(items[0]?.parsed.x ?? 0) * 1000), label: (it) => `${it.dataset.label}: ${it.parsed.y === null ? "n/a" : p.fmt(Number(it.parsed.y))}` } },
    },
  }), [c.grid, c.tick, c.title, p]);
  return (
    <figure data-testid={p.testId}>
      <figcaption className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-300">{p.title}</figcaption>
      <div className="h-48"><Line data={{ datasets }} options={options} /></div>
    </figure>
  );
}
