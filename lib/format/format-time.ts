// Compact, dashboard-style time text. Pure so server and client render the same string.

/** 42s, 3m 05s, 2h 04m, 3d 4h. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago"; future times (clock skew) read as "just now". */
export function formatAgo(then: Date | string | null | undefined, now: number = Date.now()): string {
  if (!then) return "never";
  const t = typeof then === "string" ? Date.parse(then) : then.getTime();
  if (!Number.isFinite(t)) return "never";
  const s = Math.floor((now - t) / 1000);
  if (s < 10) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** Loss-style number: 4 significant digits, NaN/Infinity spelled out (they matter most). */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

export function formatMiB(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(mib >= 10240 ? 0 : 1)} GiB` : `${Math.round(mib)} MiB`;
}

/**
 * The one absolute date format of the dashboard: "2026-12-03 08:12:05 UTC". UTC because a team
 * spans time zones and server and browser must render the same text (no hydration mismatch).
 */
export function formatDateTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const t = typeof d === "string" ? new Date(d) : d;
  if (!Number.isFinite(t.getTime())) return "—";
  return `${t.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Time of day in the same format, for lists within one run ("08:12:05 UTC"). */
export function formatTimeOfDay(d: Date | string): string {
  return formatDateTime(d).slice(11);
}
