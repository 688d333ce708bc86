// TensorBoard's debiased EMA ("classicSmoothing"): last = last*w + (1-w)*y from last = 0, output
// last / (1 - w^n) with n counting the finite points so far. Non-finite points pass through as-is
// and do not enter the average. Each output depends only on the points before it, so a live chart's
// past smoothed points never move as new points arrive (LlamaBoard's N-dependent weight does).

export type TEma = {
  /** Feed the next value; returns its smoothed value (non-finite values are returned unchanged). */
  push(y: number): number;
  readonly count: number;
};

export function createEma(weight: number): TEma {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`EMA weight must be in [0, 1), got ${weight}`);
  let last = 0;
  let n = 0;
  let wn = 1; // w^n, updated multiplicatively to avoid pow() per point
  let first = Number.NaN;
  let constant = true;
  return {
    push(y: number): number {
      if (!Number.isFinite(y)) return y;
      if (n === 0) first = y;
      else if (y !== first) constant = false;
      last = last * weight + (1 - weight) * y;
      n++;
      wn *= weight;
      // A constant series comes back unchanged (tensorboard#786), free of rounding noise.
      if (constant) return y;
      return weight === 0 ? last : last / (1 - wn);
    },
    get count() { return n; },
  };
}

/** Debiased EMA of a whole series (TensorBoard semantics). */
export function emaSeries(ys: ArrayLike<number>, weight: number): Float64Array {
  const out = new Float64Array(ys.length);
  const ema = createEma(weight);
  for (let i = 0; i < ys.length; i++) out[i] = ema.push(ys[i]!);
  return out;
}

/** EMA weight whose span is about `window` points (the usual alpha = 2/(window+1)). */
export function emaWeightForWindow(window: number): number {
  if (!(window >= 1)) return 0;
  return 1 - 2 / (window + 1);
}
