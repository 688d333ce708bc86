// `key=value` launch overrides, parsed the way LLaMA-Factory's OmegaConf dotlist would read them
// (a YAML scalar after the first "="), then validated with the preset key schemas. The values only
// ever travel inside the uploaded YAML, never on a command line.
import { parseDocument } from "yaml";
import { checkKey, lintContext, type TLintOptions } from "@/lib/presets/lint-config";

export type TOverrideIssue = { key: string; message: string };
export type TParsedOverrides = { values: Record<string, unknown>; errors: TOverrideIssue[]; warnings: TOverrideIssue[] };

/** Keys the dashboard owns: a user value would break supervision or log ingestion. */
export const RESERVED_KEYS = new Set(["output_dir", "overwrite_output_dir", "logging_dir"]);
const KEY_RE = /^[a-z_][a-z0-9_]{0,63}$/;
const MAX_VALUE = 4096;

/** `opts` are the host's versions and the preset's allowExtraKeys: an override LF would refuse is refused here. */
export function parseOverrides(input: string | readonly string[] | Record<string, unknown>, opts: TLintOptions = {}): TParsedOverrides {
  const out: TParsedOverrides = { values: {}, errors: [], warnings: [] };
  const { ctx } = lintContext(opts);
  const pairs: [string, unknown, number][] = [];
  if (typeof input === "string" || Array.isArray(input)) {
    const lines = typeof input === "string" ? input.split(/\r?\n/) : (input as readonly string[]);
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const eq = line.indexOf("=");
      if (eq <= 0) return void out.errors.push({ key: `line ${i + 1}`, message: `expected key=value, got "${line.slice(0, 60)}"` });
      const valueText = line.slice(eq + 1).trim();
      // YAML would fold "a\nb" into "a b" silently; a value that is not one line is refused instead.
      if (/[\0\r\n]/.test(valueText)) return void out.errors.push({ key: line.slice(0, eq).trim().slice(0, 64), message: "value must be a single line" });
      if (valueText.length > MAX_VALUE) return void out.errors.push({ key: line.slice(0, eq).trim().slice(0, 64), message: `value is longer than ${MAX_VALUE} characters` });
      // A value YAML cannot read cleanly (stray directive, unknown tag...) is kept as the literal text.
      const doc = valueText === "" ? null : parseDocument(valueText, { logLevel: "silent" });
      const value: unknown = doc === null ? "" : doc.errors.length || doc.warnings.length ? valueText : doc.toJS();
      pairs.push([line.slice(0, eq).trim(), value, i + 1]);
    });
  } else {
    for (const [k, v] of Object.entries(input)) pairs.push([k, v, 0]);
  }
  for (const [key, value] of pairs) {
    const label = KEY_RE.test(key) ? key : JSON.stringify(key.slice(0, 64));
    if (!KEY_RE.test(key)) {
      out.errors.push({ key: label, message: "override keys are LLaMA-Factory argument names: lowercase letters, digits and _" });
      continue;
    }
    if (RESERVED_KEYS.has(key)) {
      out.errors.push({ key, message: "is set by Factory Floor (each run gets its own folder) and cannot be overridden" });
      continue;
    }
    if (value !== null && typeof value === "object") {
      out.errors.push({ key, message: "overrides must be single values (strings, numbers, booleans)" });
      continue;
    }
    if (typeof value === "string" && /[\0\r\n]/.test(value)) {
      out.errors.push({ key, message: "value must be a single line" });
      continue;
    }
    if (key in out.values) {
      out.errors.push({ key, message: "is given twice" });
      continue;
    }
    const found = checkKey(key, value, ctx, opts.allowExtraKeys === true);
    if (found.warning) out.warnings.push(found.warning);
    if (found.error) { out.errors.push(found.error); continue; }
    out.values[key] = value;
  }
  return out;
}
