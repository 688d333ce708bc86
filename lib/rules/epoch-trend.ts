// Like-with-like train trends. On small data with num_train_epochs > 1 the train loss is flat inside
// each epoch and drops at every epoch boundary (the model meets samples it has already seen: the
// memorisation staircase). A trailing window that straddles a boundary reads that drop as "still
// learning"; an expert compares the two halves of the last epoch instead (or, with too few points
// per epoch, epoch means) and judges the drop against the curve's own noise.
import type { RunState } from "./run-state";

/** 0-based epoch index of a logged epoch value: 0.0–1.0 is the first epoch (1.0 is its last step). */
export function epochIndex(epoch: number): number {
  return Math.max(0, Math.ceil(epoch - 1e-9) - 1);
}

export type TLikeTrend = {
  /** Relative drop (positive = still falling) of the compared means. */
  improvement: number;
  /** Absolute drop, in nats. */
  drop: number;
  /** Whether the drop is larger than twice its standard error (the curve's own noise). */
  significant: boolean;
  /** Epochs the log covers (1 when it has no epoch field). */
  epochs: number;
  /** Mean raw train loss over the last epoch (or the compared tail). */
  lastMean: number;
  /** Mean raw train loss of the epoch before the last (null for one epoch). */
  prevEpochMean: number | null;
  /** What was compared, for the verdict's why. */
  span: string;
};

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function variance(xs: readonly number[], m: number): number {
  return xs.length < 2 ? 0 : xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
}

/** Two halves of `xs` compared: relative drop, absolute drop and its significance. */
function halves(xs: readonly number[]): { improvement: number; drop: number; significant: boolean } {
  const h = xs.length >> 1;
  const a = xs.slice(0, h);
  const b = xs.slice(xs.length - h);
  const ma = mean(a);
  const mb = mean(b);
  const se = Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
  const drop = ma - mb;
  return { improvement: ma > 0 ? drop / ma : 0, drop, significant: drop > 2 * se };
}

/** Fewest points per half for a within-epoch comparison to mean anything. */
const MIN_HALF = 3;

/**
 * The train loss's recent trend, compared like with like: within the last epoch when the log spans
 * several epochs and the last one has enough points, else epoch means. Null for a single-epoch log
 * (or one without epochs): nothing to straddle there, the trailing-window trend applies.
 */
export function likeForLikeTrend(s: RunState): TLikeTrend | null {
  const raw = s.trainRaw;
  const n = raw.length;
  if (n < 2) return null;
  const byEpoch: number[][] = [];
  let known = true;
  let lastIdx = -1;
  for (let i = 0; i < n; i++) {
    const e = s.trainEpochs[i];
    if (e === null || e === undefined) { known = false; break; }
    const idx = epochIndex(e);
    // Epochs only grow within a segment; a resume replays from its checkpoint (the engine rebuilds).
    if (idx !== lastIdx) { byEpoch.push([]); lastIdx = idx; }
    byEpoch[byEpoch.length - 1]!.push(raw[i]!);
  }
  if (known && byEpoch.length >= 2) {
    const last = byEpoch[byEpoch.length - 1]!;
    const prev = byEpoch[byEpoch.length - 2]!;
    const prevMean = mean(prev);
    if (last.length >= 2 * MIN_HALF) {
      const t = halves(last);
      return { ...t, epochs: byEpoch.length, lastMean: mean(last), prevEpochMean: prevMean, span: `within the last epoch (${last.length} logged points)` };
    }
    const lm = mean(last);
    const drop = prevMean - lm;
    const se = Math.sqrt(variance(prev, prevMean) / prev.length + variance(last, lm) / last.length);
    return {
      improvement: prevMean > 0 ? drop / prevMean : 0, drop, significant: prev.length < 2 || last.length < 2 ? drop > 0 : drop > 2 * se,
      epochs: byEpoch.length, lastMean: lm, prevEpochMean: prevMean, span: `epoch means (${fmt(prevMean)} → ${fmt(lm)})`,
    };
  }
  // One epoch (or no epoch field): no boundary to straddle; the trailing-window trend applies.
  return null;
}

const fmt = (v: number): string => Number(v.toPrecision(3)).toString();
