// Downsampling for charts: per-bucket min/max (plus first/last) over equal x ranges, the W&B /
// uPlot approach. Unlike LTTB it can never drop a spike, and non-finite values (the points that
// matter most) always survive as markers, at least one per bucket and kind. Single pass over typed
// arrays so a 1,000,000-point series takes a few milliseconds.

export type TNonFiniteMarker = { x: number; y: number };

export type TBucketed = {
  /** Polyline to draw, in x order: per bucket its first, min, max and last finite points (deduplicated). */
  x: Float64Array;
  y: Float64Array;
  /** Non-finite points: all of them if few, else the first of each kind (NaN, +Inf, -Inf) per bucket. */
  markers: TNonFiniteMarker[];
  /** Whether any reduction happened (false: x/y are exactly the finite input points in range). */
  reduced: boolean;
};

export type TBucketOptions = {
  /** Upper bound on buckets; the polyline has at most 4 points per bucket. */
  buckets: number;
  /** Restrict to a zoomed x range (inclusive); defaults to the data's range. */
  xMin?: number;
  xMax?: number;
};

const kindOf = (y: number): 0 | 1 | 2 => (Number.isNaN(y) ? 0 : y > 0 ? 1 : 2);

/** Points must be sorted by x (steps, epochs or wall time are). */
export function bucketPoints(xs: ArrayLike<number>, ys: ArrayLike<number>, opts: TBucketOptions): TBucketed {
  const n = Math.min(xs.length, ys.length);
  const nb = Math.max(1, Math.floor(opts.buckets));
  let lo = 0;
  let hi = n;
  if (opts.xMin !== undefined) while (lo < hi && xs[lo]! < opts.xMin) lo++;
  if (opts.xMax !== undefined) while (hi > lo && xs[hi - 1]! > opts.xMax) hi--;
  const count = hi - lo;
  const markers: TNonFiniteMarker[] = [];

  if (count <= nb * 4) {
    const x = new Float64Array(count);
    const y = new Float64Array(count);
    let k = 0;
    for (let i = lo; i < hi; i++) {
      const yi = ys[i]!;
      if (Number.isFinite(yi)) { x[k] = xs[i]!; y[k] = yi; k++; }
      else markers.push({ x: xs[i]!, y: yi });
    }
    return { x: x.subarray(0, k), y: y.subarray(0, k), markers, reduced: false };
  }

  const x0 = opts.xMin ?? xs[lo]!;
  const x1 = opts.xMax ?? xs[hi - 1]!;
  const span = x1 - x0;
  const scale = span > 0 ? nb / span : 0;
  // Per bucket: indices of first, min, max, last finite point; -1 when empty.
  const first = new Int32Array(nb).fill(-1);
  const last = new Int32Array(nb).fill(-1);
  const minI = new Int32Array(nb).fill(-1);
  const maxI = new Int32Array(nb).fill(-1);
  const minV = new Float64Array(nb).fill(Infinity);
  const maxV = new Float64Array(nb).fill(-Infinity);
  const seenNonFinite = new Uint8Array(nb); // bit per kind

  for (let i = lo; i < hi; i++) {
    const xi = xs[i]!;
    const yi = ys[i]!;
    let b = Math.floor((xi - x0) * scale);
    if (b >= nb) b = nb - 1; else if (b < 0) b = 0;
    if (yi - yi !== 0) { // not finite (NaN or ±Inf), without a function call
      const bit = 1 << kindOf(yi);
      if ((seenNonFinite[b]! & bit) === 0) { seenNonFinite[b] = seenNonFinite[b]! | bit; markers.push({ x: xi, y: yi }); }
      continue;
    }
    if (first[b] === -1) first[b] = i;
    last[b] = i;
    if (yi < minV[b]!) { minV[b] = yi; minI[b] = i; }
    if (yi > maxV[b]!) { maxV[b] = yi; maxI[b] = i; }
  }

  const x = new Float64Array(nb * 4);
  const y = new Float64Array(nb * 4);
  let k = 0;
  const picks = [0, 0, 0, 0];
  for (let b = 0; b < nb; b++) {
    if (first[b] === -1) continue;
    picks[0] = first[b]!; picks[1] = minI[b]!; picks[2] = maxI[b]!; picks[3] = last[b]!;
    picks.sort((a, c) => a - c);
    let prev = -1;
    for (const i of picks) {
      if (i === prev) continue;
      prev = i;
      x[k] = xs[i]!; y[k] = ys[i]!; k++;
    }
  }
  return { x: x.subarray(0, k), y: y.subarray(0, k), markers, reduced: true };
}
