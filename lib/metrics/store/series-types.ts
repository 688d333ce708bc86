// DTOs the run page, compare page, API and benchmarks share. Values are JSON-safe: non-finite
// numbers travel as the strings "NaN" / "Infinity" / "-Infinity" (see float-text.ts).
import { z } from "zod";
import type { TJsonFloat } from "./float-text";

export const ZXAxis = z.enum(["step", "epoch", "wall"]);
export type TXAxis = z.infer<typeof ZXAxis>;

export const SERIES = ["loss", "evalLoss", "lr", "gradNorm", "throughput"] as const;
export type TSeriesName = (typeof SERIES)[number];

/** A finite point; `x` is in the requested axis unit (step, epoch, or seconds since the run began). */
export type TXY = { x: number; y: number };
/** A non-finite value (or a bucket holding some): drawn as a marker, never dropped. */
export type TNonFinite = { x: number; step: number; value: Exclude<TJsonFloat, number | null>; count: number };

/** One bucket's finite mean and how many finite points it holds (for smoothing bucketed data). */
export type TBucketMean = { x: number; y: number; n: number };

export type TSeriesData = {
  /** Finite points, in x order. When bucketed, each bucket contributes its min and its max. */
  points: TXY[];
  /** Only when bucketed: the mean of each bucket, which the smoothed line is computed from. */
  means: TBucketMean[] | null;
  nonFinite: TNonFinite[];
};

export type TRunSeries = {
  runId: string;
  xAxis: TXAxis;
  /** The x window these series cover (null when the run has no points yet). */
  range: { x0: number; x1: number } | null;
  /** True when points were bucketed (min/max per bucket) because the window held too many. */
  bucketed: boolean;
  /** Points in the window before bucketing. */
  pointCount: number;
  /** Byte offset of the newest point: the live endpoint returns points after it. */
  lastOffset: number;
  /** Resume segments seen; a change tells a live client to refetch instead of appending. */
  segments: number;
  series: Record<TSeriesName, TSeriesData>;
};

/** One raw point as the live endpoint returns it (appended by the client). */
export type TLivePoint = {
  offset: number;
  kind: "TRAIN" | "EVAL" | "SUMMARY";
  segment: number;
  step: number;
  x: { step: number; epoch: number | null; wall: number | null };
  loss: TJsonFloat;
  evalLoss: TJsonFloat;
  lr: TJsonFloat;
  gradNorm: TJsonFloat;
  throughput: TJsonFloat;
};
