// CSV and JSON text for exports (pure). CSV follows RFC 4180 (quote when needed, double the quotes);
// non-finite numbers are written NaN / Infinity / -Infinity, as pandas and Postgres read them.
import { toFloatText } from "@/lib/metrics/store/float-text";

export type TExportValue = string | number | boolean | null | undefined | string[];

export function csvField(v: TExportValue): string {
  if (v === null || v === undefined) return "";
  const s = Array.isArray(v) ? v.join(" ") : typeof v === "number" ? (toFloatText(v) ?? "") : String(v);
  // A leading = + - @ makes spreadsheets evaluate the cell; names and notes are user text.
  const safe = typeof v === "string" && /^[=+\-@\t\r]/.test(s) && !/^-?[\d.]+(e[-+]?\d+)?$/i.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: TExportValue[]): string {
  return values.map(csvField).join(",") + "\r\n";
}

/** JSON cannot carry NaN/Infinity: they become the strings our API uses everywhere (TJsonFloat). */
export function jsonValue(v: TExportValue): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return toFloatText(v);
  return v ?? null;
}
