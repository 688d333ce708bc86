// Resume handling for charts. After a resume LLaMA-Factory appends to the same file, so the steps
// between the checkpoint and the crash appear twice. A point is hidden once a later segment covers
// its step (the chart shows the resumed curve, not a zigzag); wall time keeps running across
// segments because each segment's elapsed_time restarts at 0.

export type TSegmentStat = {
  segment: number;
  minStep: number;
  maxStep: number;
  /** Largest elapsed seconds logged in the segment (its duration so far). */
  lastElapsedS: number;
};

export type TSegmentLayout = {
  /** cutoff[s]: points of segment s are visible only when step < cutoff[s]. */
  cutoff: number[];
  /** wallOffset[s]: seconds to add to segment s's elapsed time for a run-relative wall clock. */
  wallOffset: number[];
  segments: number;
};

/** Pure: derives visibility cut-offs and wall-clock offsets from per-segment stats. */
export function buildSegmentLayout(stats: TSegmentStat[]): TSegmentLayout {
  const maxSeg = stats.reduce((m, s) => Math.max(m, s.segment), -1);
  const n = maxSeg + 1;
  const cutoff = new Array<number>(n).fill(Infinity);
  const wallOffset = new Array<number>(n).fill(0);
  const bySeg = new Map(stats.map((s) => [s.segment, s]));
  let laterMin = Infinity;
  for (let s = n - 1; s >= 0; s--) {
    cutoff[s] = laterMin;
    const st = bySeg.get(s);
    if (st) laterMin = Math.min(laterMin, st.minStep);
  }
  let acc = 0;
  for (let s = 0; s < n; s++) {
    wallOffset[s] = acc;
    acc += bySeg.get(s)?.lastElapsedS ?? 0;
  }
  return { cutoff, wallOffset, segments: n };
}
