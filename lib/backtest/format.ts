// Numbers on the backtest page. GPU time is always in GPU-hours (a column mixing GPU-s, GPU-min
// and GPU-h cannot be compared at a glance); short runs get more decimals, not another unit.
export function fmtGpuTime(hours: number | null): string {
  if (hours === null) return "unknown";
  if (hours === 0) return "0 GPU-h";
  if (hours >= 100) return `${hours.toFixed(0)} GPU-h`;
  if (hours >= 1) return `${hours.toFixed(1)} GPU-h`;
  if (hours >= 0.01) return `${hours.toFixed(2)} GPU-h`;
  return `${Number(hours.toPrecision(2))} GPU-h`;
}

export function fmtKeptPct(pct: number | null): string {
  if (pct === null) return "–";
  return `${pct < 0.05 ? "0.0" : pct.toFixed(1)}%`;
}

export function fmtShare(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(0)}%` : "–";
}
