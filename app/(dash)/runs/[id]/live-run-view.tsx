"use client";
// The live part of the run page: progress, charts and console, fed by a 1-second JSON poll that
// appends only what is new (no reload, no redraw of what is already on screen). Zooming refetches
// finer buckets for the window; the axis switch refetches the view in the new unit.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { TLivePoint, TRunSeries, TXAxis } from "@/lib/metrics/store/series-types";
import type { TRunProgress } from "@/lib/metrics/store/get-run-progress";
import { MetricChart, type TChartSeries, type TMarker, type TWindow } from "./_charts/metric-chart";
import { smoothBuckets, smoothRaw } from "./_charts/smooth";
import { applyLivePoints } from "./_charts/apply-live-points";
import { ProgressPanel } from "./progress-panel";
import { ConsoleTail } from "./console-tail";
import { LiveVerdictPanel } from "./live-verdict-panel";
import type { TStoredLiveVerdict } from "@/lib/runs/live-verdict-store";

const LIVE = new Set(["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"]);
const X_LABEL: Record<TXAxis, string> = { step: "step", epoch: "epoch", wall: "wall time (s)" };

type TLive = { points: TLivePoint[]; segments: number; more: boolean; progress: TRunProgress;
  console: { text: string; endOffset: number; reset: boolean } | null; verdict: TStoredLiveVerdict | null };

export function LiveRunView(props: { runId: string; initialSeries: TRunSeries; initialProgress: TRunProgress;
  initialConsole: { text: string; endOffset: number };
  /** Run.liveVerdict as the page read it: the verdict so far and each rule's progress. */
  initialLiveVerdict: TStoredLiveVerdict | null;
  /** The run has (or will have) a process whose final metrics are not read yet: refresh until they are. */
  finalPending?: boolean;
  /** The run's config makes LLaMA-Factory log throughput (include_num_input_tokens_seen). */
  logsThroughput: boolean;
  /** Where a stop rule fired and the best step (eval loss, or smoothed train loss without evals): marked on the step axis. */
  stop?: { rule: string; step: number } | null;
  bestStep?: number | null }) {
  const router = useRouter();
  const [axis, setAxis] = useState<TXAxis>("step");
  const [win, setWin] = useState<TWindow>(null);
  const [data, setData] = useState<TRunSeries>(props.initialSeries);
  const [progress, setProgress] = useState<TRunProgress>(props.initialProgress);
  const [consoleText, setConsoleText] = useState(props.initialConsole.text);
  const [liveVerdict, setLiveVerdict] = useState(props.initialLiveVerdict);
  const [smoothing, setSmoothing] = useState(0.6);
  const [loading, setLoading] = useState(false);
  const consoleEnd = useRef(props.initialConsole.endOffset);
  const view = useRef({ axis, win, data });
  view.current = { axis, win, data };
  const fetchSeq = useRef(0);

  const fetchSeries = useCallback(async (a: TXAxis, w: TWindow) => {
    const seq = ++fetchSeq.current;
    setLoading(true);
    const qs = new URLSearchParams({ axis: a, ...(w ? { x0: String(w.x0), x1: String(w.x1) } : {}) });
    try {
      const res = await fetch(`/api/runs/${props.runId}/series?${qs}`, { cache: "no-store" });
      if (!res.ok) return;
      const next = (await res.json()) as TRunSeries;
      if (seq === fetchSeq.current) setData(next); // a newer view request wins
    } finally {
      if (seq === fetchSeq.current) setLoading(false);
    }
  }, [props.runId]);

  const live = LIVE.has(progress.status);
  const serverStatus = useRef(props.initialProgress.status);
  serverStatus.current = props.initialProgress.status; // new on every server render (router.refresh)
  const lastStatusRefresh = useRef(0);
  const liveRef = useRef(live);
  liveRef.current = live;
  const finalPending = useRef(!!props.finalPending);
  finalPending.current = !!props.finalPending;
  // Keep polling a little after the run ends: its last lines are drained after the process exits,
  // and the final metrics are read a few quiet polls later (longer while they are still due).
  const [tailPolls, setTailPolls] = useState(props.finalPending ? 60 : 5);
  useEffect(() => {
    if (!live && tailPolls <= 0) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    let lastRefresh = Date.now();
    const tick = async () => {
      try {
        const { axis: a, win: w, data: d } = view.current;
        const res = await fetch(`/api/runs/${props.runId}/live?after=${d.lastOffset}&consoleAfter=${consoleEnd.current}`, { cache: "no-store" });
        if (res.ok && !stopped) {
          const j = (await res.json()) as TLive;
          // Header, events and final metrics are server-rendered: refresh while the server's last
          // render shows another status than the poll (compared through a ref: this closure's
          // `progress` is the one from when the effect started, which refreshed on every tick).
          // Retried, throttled, until the render catches up: a refresh issued while the launch's
          // navigation was still settling could be dropped and leave the header on STARTING.
          const stale = j.progress.status !== serverStatus.current || (!LIVE.has(j.progress.status) && finalPending.current);
          if (stale && Date.now() - lastStatusRefresh.current > 2500) {
            lastStatusRefresh.current = Date.now();
            router.refresh();
          }
          setProgress(j.progress);
          setLiveVerdict(j.verdict);
          if (j.segments !== d.segments || j.more || Date.now() - lastRefresh > 20_000) {
            // A resume (or a big backlog, or grad norms attached since): redraw from the server's view.
            lastRefresh = Date.now();
            await fetchSeries(a, w);
          } else if (j.points.length > 0) {
            setData((cur) => applyLivePoints(cur, j.points, a, w ? w.x1 : null));
          }
          if (j.console) {
            consoleEnd.current = j.console.endOffset;
            const c = j.console;
            if (c.reset) setConsoleText(c.text);
            else if (c.text) setConsoleText((t) => (t + c.text).slice(-400_000));
          }
          if (!liveRef.current) setTailPolls((n) => (finalPending.current ? n : Math.min(n, 3)) - 1);
        }
      } catch {
        // network blip: the next tick retries
      }
      if (!stopped) timer = setTimeout(tick, 1000);
    };
    timer = setTimeout(tick, 1000);
    return () => { stopped = true; clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live, tailPolls > 0, props.runId]);

  const onZoom = useCallback((w: { x0: number; x1: number }) => { setWin(w); void fetchSeries(view.current.axis, w); }, [fetchSeries]);
  const onReset = useCallback(() => { setWin(null); void fetchSeries(view.current.axis, null); }, [fetchSeries]);
  const onAxis = (a: TXAxis) => { setAxis(a); setWin(null); void fetchSeries(a, null); };

  const charts = useMemo(() => {
    const s = data.series;
    const smooth = (name: keyof TRunSeries["series"]) =>
      s[name].means ? smoothBuckets(s[name].means!, smoothing) : smoothRaw(s[name].points, smoothing);
    const loss: TChartSeries[] = [
      { label: "train loss", color: "#2563eb", raw: s.loss.points, smoothed: smooth("loss"), nonFinite: s.loss.nonFinite },
      { label: "eval loss", color: "#ea580c", raw: s.evalLoss.points, nonFinite: s.evalLoss.nonFinite, showPoints: true },
    ];
    return {
      loss,
      lr: [{ label: "learning rate", color: "#059669", raw: s.lr.points, nonFinite: s.lr.nonFinite }],
      grad: [{ label: "grad norm", color: "#7c3aed", raw: s.gradNorm.points, smoothed: smooth("gradNorm"), nonFinite: s.gradNorm.nonFinite }],
      thr: [{ label: "tokens/s", color: "#0891b2", raw: s.throughput.points, nonFinite: s.throughput.nonFinite }],
    };
  }, [data, smoothing]);

  // Steps are the only axis both marks are known on (epoch/wall of a step would need a lookup).
  const markers = useMemo<TMarker[]>(() => {
    if (axis !== "step") return [];
    const out: TMarker[] = [];
    if (props.bestStep != null) out.push({ x: props.bestStep, label: `best (step ${props.bestStep})`, color: "#16a34a" });
    if (props.stop) out.push({ x: props.stop.step, label: `${props.stop.rule} fired (step ${props.stop.step})`, color: "#dc2626" });
    return out;
  }, [axis, props.bestStep, props.stop?.rule, props.stop?.step]); // eslint-disable-line react-hooks/exhaustive-deps

  // Charts appear with the first logged point: empty axes before that look like a broken run.
  const hasPoints = data.range !== null || progress.lastStep !== null;
  // A predict-only log (or a lone summary line) has steps but no curve: say so instead of empty charts.
  const noCurves = liveVerdict !== null && !liveVerdict.judgeable && data.range === null;
  return (
    <div className="space-y-4">
      <ProgressPanel progress={progress} />
      <LiveVerdictPanel v={liveVerdict} running={live} />
      {noCurves ? (
        <section className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700" data-testid="charts-none">
          This log has no loss, learning rate or epoch to chart (a predict-only log, or only the final summary line).
        </section>
      ) : hasPoints ? (
        <>
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <label className="flex items-center gap-2">
              x axis
              <select className="ff-input w-auto py-1" value={axis} onChange={(e) => onAxis(e.target.value as TXAxis)} data-testid="x-axis">
                <option value="step">step</option><option value="epoch">epoch</option><option value="wall">wall time</option>
              </select>
            </label>
            <label className="flex items-center gap-2">
              smoothing
              <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} data-testid="smoothing" />
              <span className="w-8 tabular-nums">{smoothing.toFixed(2)}</span>
            </label>
            <span className="text-xs text-zinc-500" data-testid="series-info" data-bucketed={data.bucketed ? "yes" : "no"} data-count={data.pointCount}>
              {data.bucketed ? `${data.pointCount.toLocaleString()}+ points in view, bucketed (min/max)` : `${data.pointCount.toLocaleString()} points`}
              {win ? ` · zoomed ${win.x0.toFixed(axis === "step" ? 0 : 2)}–${win.x1.toFixed(axis === "step" ? 0 : 2)}` : ""}
              {loading ? " · loading…" : ""}
            </span>
            <span className="text-xs text-zinc-400">drag or wheel to zoom · ctrl-drag to pan</span>
          </div>
          {/* Loss full width; the other three side by side when there is room (never a lone half-empty row). */}
          <div className="grid gap-4 lg:grid-cols-2 xl:grid-cols-3">
            <div className="lg:col-span-2 xl:col-span-3">
              <MetricChart title="Loss (train and eval)" testId="chart-loss" xLabel={X_LABEL[axis]} yLabel="loss" series={charts.loss} window={win} onZoom={onZoom} onReset={onReset} height={320} markers={markers} />
            </div>
            <MetricChart title="Learning rate" testId="chart-lr" xLabel={X_LABEL[axis]} yLabel="learning rate" series={charts.lr} window={win} onZoom={onZoom} onReset={onReset} markers={markers} />
            <MetricChart title="Grad norm" testId="chart-grad" xLabel={X_LABEL[axis]} yLabel="grad norm (L2)" series={charts.grad} window={win} onZoom={onZoom} onReset={onReset} markers={markers} />
            <div className="lg:col-span-2 xl:col-span-1">
              <MetricChart title="Throughput (tokens/s)" testId="chart-throughput" xLabel={X_LABEL[axis]} yLabel="tokens/s" series={charts.thr} window={win} onZoom={onZoom} onReset={onReset}
                emptyText={props.logsThroughput ? undefined : <>LLaMA-Factory logs tokens/s only with <code className="rounded bg-zinc-100 px-1 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">include_num_input_tokens_seen: true</code> in the preset; this run&apos;s config does not set it.</>} />
            </div>
          </div>
        </>
      ) : (
        <section className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700" data-testid="charts-pending">
          {live
            ? <>No metrics yet. The charts appear with the first step LLaMA-Factory logs (every <code>logging_steps</code> steps), after the model has loaded.</>
            : "This run logged no metrics."}
        </section>
      )}
      <ConsoleTail text={consoleText} />
    </div>
  );
}
