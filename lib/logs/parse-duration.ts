// LLaMA-Factory writes times with Python's str(timedelta(seconds=int(x))): "0:01:23", "12:05:09",
// "1 day, 2:03:04", "2 days, 0:00:01" (and, for negative deltas, "-1 day, 23:59:59").
const DURATION_RE = /^\s*(?:(-?\d+) days?, )?(\d+):([0-5]\d):([0-5]\d)(?:\.(\d+))?\s*$/;

/** Seconds in a `[N day[s], ]H:MM:SS[.ffffff]` string, or null if it is not one. */
export function parseDuration(text: string): number | null {
  const m = DURATION_RE.exec(text);
  if (!m) return null;
  const days = m[1] ? Number(m[1]) : 0;
  const frac = m[5] ? Number(`0.${m[5]}`) : 0;
  return days * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) + frac;
}
