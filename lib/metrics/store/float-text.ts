// Postgres float8 keeps NaN/Infinity, but pg's parameter encoding and JSON both lose them unless
// they travel as text. These helpers are the one place that encoding is decided.

/** float8 literal text for a number ('NaN', 'Infinity', '-Infinity' included); null stays null. */
export function toFloatText(v: number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return String(v);
}

/** JSON-safe value: finite numbers as numbers, non-finite as the strings JSON cannot carry otherwise. */
export type TJsonFloat = number | "NaN" | "Infinity" | "-Infinity" | null;

export function toJsonFloat(v: number | null | undefined): TJsonFloat {
  if (v === null || v === undefined) return null;
  if (Number.isFinite(v)) return v;
  return toFloatText(v) as "NaN" | "Infinity" | "-Infinity";
}

export function fromJsonFloat(v: TJsonFloat | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  return v === "NaN" ? NaN : v === "Infinity" ? Infinity : -Infinity;
}
