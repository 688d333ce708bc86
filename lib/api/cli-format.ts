// Terminal rendering for the CLI: aligned tables, the watch progress line, durations. Pure functions.

export function formatDuration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return "—";
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60;
  return h ? `${h}h${String(m).padStart(2, "0")}m` : m ? `${m}m${String(sec).padStart(2, "0")}s` : `${sec}s`;
}

export function formatFloat(v: unknown): string {
  if (typeof v === "string") return v; // "NaN", "Infinity": shown as they are, never hidden
  if (typeof v !== "number") return "—";
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toFixed(4) : v.toExponential(3);
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

export type TProgress = { status: string; step: number | null; total: number | null; etaS: number | null; loss: unknown; evalLoss: unknown; epoch: number | null };

export function progressLine(p: TProgress, width = 30): string {
  const frac = p.total && p.step !== null ? Math.min(1, Math.max(0, p.step / p.total)) : 0;
  const filled = Math.round(frac * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  const pct = `${(frac * 100).toFixed(0).padStart(3)}%`;
  const steps = p.total ? `${p.step ?? 0}/${p.total}` : `${p.step ?? 0}/?`;
  const parts = [p.status.padEnd(9), bar, pct, steps];
  if (p.epoch !== null) parts.push(`ep ${p.epoch.toFixed(2)}`);
  parts.push(`ETA ${formatDuration(p.etaS)}`, `loss ${formatFloat(p.loss)}`);
  if (p.evalLoss !== null && p.evalLoss !== undefined) parts.push(`eval ${formatFloat(p.evalLoss)}`);
  return parts.join("  ");
}

/** Config keys whose values differ between runs (all keys with `all`), in first-seen order. */
export function diffConfigs(configs: Record<string, unknown>[], all = false): { key: string; values: string[] }[] {
  const keys: string[] = [];
  for (const c of configs) for (const k of Object.keys(c)) if (!keys.includes(k)) keys.push(k);
  const show = (v: unknown) => (v === undefined ? "(unset)" : typeof v === "string" ? v : JSON.stringify(v));
  return keys
    .map((key) => ({ key, values: configs.map((c) => show(c[key])) }))
    .filter((r) => all || new Set(r.values).size > 1);
}
