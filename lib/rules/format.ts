/** Loss values in reasons: 4 significant digits, non-finite spelled out. */
export function fmtLoss(v: number | null): string {
  if (v === null) return "n/a";
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString();
}

export function fmtPct(fraction: number): string {
  const p = fraction * 100;
  const s = Math.abs(p) < 10 ? p.toFixed(1) : p.toFixed(0);
  return `${p >= 0 ? "+" : ""}${s}%`;
}
