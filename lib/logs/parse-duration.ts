// LLaMA-Factory writes times with Python's str(timedelta(seconds=int(x))): "0:01:23", "12:05:09",
// "1 day, 2:03:04", "2 days, 0:00:01" (and, for negative deltas, "-1 day, 23:59:59").
const DURATION_RE = /^\s*(?:(-?\d+) days?, )?(\d+):([0-5]\d):([0-5]\d)(?:\.(\d+))?\s*$/;

// No helper closures in here: tsx/esbuild wrap each closure creation in a naming call, which cost
// more than the parse itself.
function d(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100;
}

/** The common "H:MM:SS" (or "HH:MM:SS") read by hand: the regex costs more than the rest of a line. */
function parseShortHms(t: string): number | null {
  const n = t.length;
  if (n !== 7 && n !== 8) return null;
  const h = n - 6; // index of the first ':'
  if (t.charCodeAt(h) !== 58 || t.charCodeAt(h + 3) !== 58) return null;
  const h0 = d(t, 0), h1 = h === 2 ? d(t, 1) : 0, m1 = d(t, h + 1), m2 = d(t, h + 2), s1 = d(t, h + 4), s2 = d(t, h + 5);
  if (h0 < 0 || h1 < 0 || m1 < 0 || m1 > 5 || m2 < 0 || s1 < 0 || s1 > 5 || s2 < 0) return null;
  const hours = h === 2 ? h0 * 10 + h1 : h0;
  return hours * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
}

/** Seconds in a `[N day[s], ]H:MM:SS[.ffffff]` string, or null if it is not one. */
export function parseDuration(text: string): number | null {
  const short = parseShortHms(text);
  if (short !== null) return short;
  const m = DURATION_RE.exec(text);
  if (!m) return null;
  const days = m[1] ? Number(m[1]) : 0;
  const frac = m[5] ? Number(`0.${m[5]}`) : 0;
  return days * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) + frac;
}
