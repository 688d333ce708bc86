/** Seconds as H:MM:SS (with "Nd " past a day); "–" when unknown. Shared by server and client components. */
export function fmtDuration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return "–";
  const t = Math.round(s);
  const d = Math.floor(t / 86400), h = Math.floor((t % 86400) / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60;
  const hms = `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}
