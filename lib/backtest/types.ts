// What the backtest page shows per run and in total. JSON-safe: only finite numbers (non-finite
// losses become markers by step), so it crosses the server-action boundary unchanged.
import type { TBacktestResult, TBacktestVerdict } from "@/lib/rules/backtest-points";

export type TChartSeries = {
  train: { x: number; y: number }[];
  eval: { x: number; y: number }[];
  /** Steps where the train or eval loss was NaN/Inf (or the 0.0 HF logs for them is not detectable here). */
  nonFiniteSteps: number[];
};

export type TFalseStop = { falseStop: boolean; why: string };

export type TBacktestRun = {
  key: string;
  label: string;
  source: "run" | "upload";
  runId: string | null;
  result: Omit<TBacktestResult, "alerts"> & { alerts: { rule: string; step: number; reason: string }[] };
  /** Verdict of the whole history with no rule stopping it: what the run really turned out to be. */
  finalVerdict: TBacktestVerdict;
  falseStop: TFalseStop;
  /** The run was killed or stopped by a person: its history ends where they cut it, so it is judged
   *  neither healthy nor bad (no false stop, not among the healthy runs). Null for uploads and runs
   *  that ended on their own or by a rule. */
  endedByHand: "killed" | "stopped" | null;
  gpus: number;
  /** Seconds the run held its GPUs (null when unknown: then GPU-hours are not counted). */
  durationS: number | null;
  gpuHours: number | null;
  gpuHoursSaved: number | null;
  /** (best eval loss kept at the stop / the run's true minimum − 1) × 100; null without a stop or eval. */
  keptVsMinPct: number | null;
  chart: TChartSeries;
};

export type TBacktestTotals = {
  runs: number;
  stopped: number;
  stepsSaved: number;
  totalSteps: number;
  gpuHoursSaved: number;
  gpuHours: number;
  /** Runs whose GPU time is unknown, left out of the GPU-hour totals. */
  unknownDuration: number;
  falseStops: number;
  healthyRuns: number;
  /** Runs killed or stopped by hand: neither healthy nor bad. */
  endedByHand: number;
  /** Worst and mean distance of the kept best eval loss from the true minimum, over stops that kept one. */
  worstKeptVsMinPct: number | null;
  meanKeptVsMinPct: number | null;
};

export type TBacktestReport = { runs: TBacktestRun[]; totals: TBacktestTotals; warnings: string[] };
