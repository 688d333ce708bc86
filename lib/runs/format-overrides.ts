// A run's stored overrides back as the launch form's `key=value` lines, such that parseOverrides reads
// every line back as the same value (a string that YAML would read as a number or boolean is quoted).
import { parseDocument } from "yaml";

export function formatOverrideValue(v: unknown): string {
  if (typeof v === "string") {
    const doc = v === "" ? null : parseDocument(v, { logLevel: "silent" });
    const same = doc !== null && !doc.errors.length && !doc.warnings.length && doc.toJS() === v;
    return same ? v : JSON.stringify(v);
  }
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf";
  return String(v);
}

export function formatOverrides(values: Record<string, unknown>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${formatOverrideValue(v)}`).join("\n");
}
