// Numbers on the backtest page. Fixture runs last seconds, real ones days: GPU time switches unit.
export function fmtGpuTime(hours: number | null): string {
  if (hours === null) return "unknown";
  if (hours === 0) return "0 GPU-h";
  if (hours >= 1) return `${hours >= 100 ? hours.toFixed(0) : hours.toFixed(1)} GPU-h`;
  const min = hours * 60;
  if (min >= 1) return `${min.toFixed(1)} GPU-min`;
  return `${(min * 60).toFixed(1)} GPU-s`;
}

export function fmtKeptPct(pct: number | null): string {
  if (pct === null) return "–";
  return `${pct < 0.05 ? "0.0" : pct.toFixed(1)}%`;
}

export function fmtShare(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(0)}%` : "–";
}
