// Parallel-coordinates axes (pure): each axis maps a run's value to 0..1 (bottom..top). Numbers get a
// linear or log scale over their range; text values (optimizer names, templates) get evenly spaced
// categories. Brushes are value ranges, so they survive a reload and a change of the run set.
import type { TBrush } from "@/lib/compare/compare-state";

export type TAxisValue = number | string | null;
export type TPcScale =
  | { kind: "num"; min: number; max: number; log: boolean; ticks: number[] }
  | { kind: "cat"; cats: string[] };

export function buildScale(values: TAxisValue[], wantLog: boolean): TPcScale {
  const nums = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const texts = values.filter((v): v is string => typeof v === "string");
  if (texts.length > 0 && texts.length >= nums.length) return { kind: "cat", cats: [...new Set(values.filter((v) => v !== null).map(String))].sort() };
  if (nums.length === 0) return { kind: "num", min: 0, max: 1, log: false, ticks: [] };
  let min = Math.min(...nums), max = Math.max(...nums);
  const log = wantLog && min > 0;
  if (min === max) { const d = log ? min * 0.5 : Math.abs(min) * 0.1 || 1; min -= d; max += d; if (log && min <= 0) min = max / 10; }
  return { kind: "num", min, max, log, ticks: ticks(min, max, log) };
}

export function position(s: TPcScale, v: TAxisValue): number | null {
  if (v === null || v === undefined) return null;
  if (s.kind === "cat") {
    const i = s.cats.indexOf(String(v));
    return i < 0 ? null : s.cats.length === 1 ? 0.5 : i / (s.cats.length - 1);
  }
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  if (s.log) return v <= 0 ? null : (Math.log10(v) - Math.log10(s.min)) / (Math.log10(s.max) - Math.log10(s.min));
  return (v - s.min) / (s.max - s.min);
}

/** The value at a 0..1 position (for turning a dragged brush into a value range). */
export function valueAt(s: TPcScale, t: number): number {
  if (s.kind === "cat") return t * Math.max(1, s.cats.length - 1);
  if (s.log) return 10 ** (Math.log10(s.min) + t * (Math.log10(s.max) - Math.log10(s.min)));
  return s.min + t * (s.max - s.min);
}

/** A run passes when every brushed axis holds its value inside the range (categories by index). */
export function passesBrushes(values: Record<string, TAxisValue>, scales: Record<string, TPcScale>, brushes: TBrush[]): boolean {
  return brushes.every((b) => {
    const s = scales[b.axis];
    const v = values[b.axis];
    if (!s || v === null || v === undefined) return false;
    if (s.kind === "cat") {
      const i = s.cats.indexOf(String(v));
      return i >= b.lo - 1e-9 && i <= b.hi + 1e-9;
    }
    return typeof v === "number" && v >= b.lo && v <= b.hi;
  });
}

function ticks(min: number, max: number, log: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let e = Math.ceil(Math.log10(min)); e <= Math.floor(Math.log10(max)); e++) out.push(10 ** e);
    return out.length >= 2 ? out : [min, max];
  }
  const step = niceStep((max - min) / 4);
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}
