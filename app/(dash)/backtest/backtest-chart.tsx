"use client";
// One run's train + eval loss with vertical markers: where the rules would have stopped (red) and the
// best checkpoint step (green); NaN/Inf steps as red ticks on the top edge. Chart.js is loaded in
// the browser only; the markers are a tiny inline plugin (no annotation plugin in the stack).
import { useEffect, useRef, useState } from "react";
import type { Chart as TChart, Plugin } from "chart.js";
import type { TChartSeries } from "@/lib/backtest/types";

type TMarkers = { stopStep: number | null; bestStep: number | null; nonFiniteSteps: number[] };

function markerPlugin(m: TMarkers, dark: boolean): Plugin<"line"> {
  return {
    id: "ffBacktestMarkers",
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: a, scales } = chart;
      const x = scales.x;
      if (!x) return;
      const line = (step: number, color: string, label: string, row: number) => {
        const px = x.getPixelForValue(step);
        if (px < a.left - 1 || px > a.right + 1) return;
        ctx.save();
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([5, 3]);
        ctx.beginPath();
        ctx.moveTo(px, a.top);
        ctx.lineTo(px, a.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.font = "600 10px ui-sans-serif, system-ui, sans-serif";
        ctx.fillStyle = color;
        const w = ctx.measureText(label).width;
        const tx = px + 4 + w > a.right ? px - 4 - w : px + 4;
        ctx.fillText(label, tx, a.top + 11 + row * 12);
        ctx.restore();
      };
      if (m.bestStep !== null) line(m.bestStep, dark ? "#34d399" : "#059669", `best ${m.bestStep}`, 1);
      if (m.stopStep !== null) line(m.stopStep, dark ? "#f87171" : "#dc2626", `stop ${m.stopStep}`, 0);
      ctx.save();
      ctx.fillStyle = "#ef4444";
      for (const s of m.nonFiniteSteps) {
        const px = x.getPixelForValue(s);
        if (px >= a.left && px <= a.right) ctx.fillRect(px - 1, a.top, 2, 6);
      }
      ctx.restore();
    },
  };
}

export function BacktestChart({ series, stopStep, bestStep, totalSteps, label }: {
  series: TChartSeries; stopStep: number | null; bestStep: number | null; totalSteps: number | null; label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let chart: TChart<"line"> | null = null;
    let cancelled = false;
    void import("chart.js").then(({ Chart, LineController, LineElement, PointElement, LinearScale, Tooltip, Legend }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);
      const dark = document.documentElement.classList.contains("dark");
      const grid = dark ? "rgba(255,255,255,0.08)" : "rgba(0,0,0,0.06)";
      const tick = dark ? "#a1a1aa" : "#71717a";
      const maxX = Math.max(totalSteps ?? 0, series.train.at(-1)?.x ?? 0, series.eval.at(-1)?.x ?? 0);
      chart = new Chart<"line">(canvas.current, {
        type: "line",
        data: {
          datasets: [
            { label: "train loss", data: series.train, borderColor: dark ? "#818cf8" : "#6366f1", borderWidth: 1.25, pointRadius: 0, tension: 0 },
            { label: "eval loss", data: series.eval, borderColor: dark ? "#fbbf24" : "#d97706", backgroundColor: dark ? "#fbbf24" : "#d97706",
              borderWidth: 1.5, pointRadius: 2, tension: 0 },
          ],
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
          interaction: { mode: "nearest", intersect: false },
          scales: {
            x: { type: "linear", min: 0, max: maxX || undefined, title: { display: true, text: "step", color: tick, font: { size: 10 } },
              ticks: { color: tick, font: { size: 10 }, maxTicksLimit: 8 }, grid: { color: grid } },
            y: { ticks: { color: tick, font: { size: 10 }, maxTicksLimit: 6 }, grid: { color: grid } },
          },
          plugins: { legend: { labels: { color: tick, boxWidth: 10, font: { size: 10 } } }, tooltip: { enabled: true } },
        },
        plugins: [markerPlugin({ stopStep, bestStep, nonFiniteSteps: series.nonFiniteSteps }, dark)],
      });
      setReady(true);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [series, stopStep, bestStep, totalSteps]);

  return (
    <div className="relative h-48" data-testid="backtest-chart" data-ready={ready || undefined}
      data-stop-step={stopStep ?? ""} data-best-step={bestStep ?? ""}>
      <canvas ref={canvas} role="img" aria-label={`${label}: train and eval loss${stopStep !== null ? `, stop at step ${stopStep}` : ""}${bestStep !== null ? `, best at step ${bestStep}` : ""}`} />
    </div>
  );
}
