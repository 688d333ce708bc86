// Grouping for the compare overlay (pure): runs sharing a hyperparameter value (or a tag) become one
// mean line with a min/max band. Runs log at different x's, so each group is resampled onto one grid:
// a run contributes its mean within each bin it has points in; the group's mean/min/max are over the
// runs present in that bin (no run is extrapolated past its own last point).
import type { TXY } from "@/lib/metrics/store/series-types";

export type TGroupable = { id: string; hparams: Record<string, unknown>; tags: string[] };
export type TGroup = { label: string; runIds: string[] };

export function groupValue(v: unknown): string {
  if (v === undefined || v === null) return "(unset)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Groups in a stable order: numeric values ascending, then text. A run with several tags is in each. */
export function groupRuns(runs: TGroupable[], by: string): TGroup[] {
  const groups = new Map<string, string[]>();
  const add = (label: string, id: string) => groups.set(label, [...(groups.get(label) ?? []), id]);
  for (const r of runs) {
    if (by === "tag") {
      if (r.tags.length === 0) add("(untagged)", r.id);
      for (const t of r.tags) add(t, r.id);
    } else if (by.startsWith("hp:")) add(groupValue(r.hparams[by.slice(3)]), r.id);
  }
  return [...groups.entries()]
    .map(([label, runIds]) => ({ label, runIds }))
    .sort((a, b) => {
      const x = a.label.trim() === "" ? NaN : Number(a.label), y = b.label.trim() === "" ? NaN : Number(b.label);
      const nx = Number.isFinite(x), ny = Number.isFinite(y);
      if (nx && ny) return x - y;
      if (nx !== ny) return nx ? -1 : 1; // numbers first, then text
      return a.label.localeCompare(b.label);
    });
}

export type TBand = { mean: TXY[]; lo: TXY[]; hi: TXY[] };

export function aggregateGroup(series: TXY[][], bins = 200): TBand {
  let x0 = Infinity, x1 = -Infinity;
  for (const s of series) for (const p of s) { if (p.x < x0) x0 = p.x; if (p.x > x1) x1 = p.x; }
  const out: TBand = { mean: [], lo: [], hi: [] };
  if (!Number.isFinite(x0)) return out;
  const n = x1 > x0 ? bins : 1;
  const w = (x1 - x0) / n || 1;
  // Per run, per bin: sum and count; then across runs.
  const perRun = series.map((s) => {
    const sum = new Float64Array(n), cnt = new Uint32Array(n);
    for (const p of s) {
      if (!Number.isFinite(p.y)) continue;
      const b = Math.min(n - 1, Math.floor((p.x - x0) / w));
      sum[b] = sum[b]! + p.y;
      cnt[b] = cnt[b]! + 1;
    }
    return { sum, cnt };
  });
  for (let b = 0; b < n; b++) {
    let total = 0, k = 0, lo = Infinity, hi = -Infinity;
    for (const r of perRun) {
      if (!r.cnt[b]) continue;
      const v = r.sum[b]! / r.cnt[b]!;
      total += v;
      k++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!k) continue;
    const x = n === 1 ? x0 : x0 + (b + 0.5) * w;
    out.mean.push({ x, y: total / k });
    out.lo.push({ x, y: lo });
    out.hi.push({ x, y: hi });
  }
  return out;
}
