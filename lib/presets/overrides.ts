// Launch-time `key=value` overrides, read the way LF reads them after the YAML path
// (OmegaConf.from_cli dotlist: YAML-typed values, no leading dashes). They are applied to the preset
// text with setKey, so the uploaded file is the preset plus exactly those lines.
import YAML from "yaml";
import { setKey } from "@/lib/presets/yaml";
import type { TIssue } from "@/lib/presets/types";

export const MAX_OVERRIDES = 100;
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export type TOverrides = Record<string, unknown>;
export type TParsedOverrides = { ok: true; overrides: TOverrides } | { ok: false; errors: TIssue[] };

/** Parses `key=value` lines (a string with one per line, or a list). Blank lines and `#` comments are skipped. */
export function parseOverrides(input: string | string[]): TParsedOverrides {
  const lines = (Array.isArray(input) ? input : input.split(/\r?\n/)).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const errors: TIssue[] = [];
  const overrides: TOverrides = {};
  if (lines.length > MAX_OVERRIDES) return { ok: false, errors: [{ key: "", message: `at most ${MAX_OVERRIDES} overrides` }] };
  for (const line of lines) {
    const eq = line.indexOf("=");
    const key = (eq === -1 ? line : line.slice(0, eq)).trim();
    if (eq === -1) { errors.push({ key: key.slice(0, 100), message: "expected key=value" }); continue; }
    if (!KEY.test(key)) { errors.push({ key: key.slice(0, 100), message: "key must be a plain argument name such as learning_rate (no dashes, dots or spaces)" }); continue; }
    if (key in overrides) { errors.push({ key, message: "is given twice" }); continue; }
    const raw = line.slice(eq + 1).trim();
    if (raw === "") { errors.push({ key, message: "needs a value (write null to unset it)" }); continue; }
    try {
      const doc = YAML.parseDocument(raw, { version: "1.1" });
      if (doc.errors.length > 0) throw new Error(doc.errors[0]?.message.split("\n")[0]);
      overrides[key] = doc.toJS({ maxAliasCount: 0 });
    } catch (e) {
      errors.push({ key, message: `value is not valid YAML: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, overrides };
}

export function applyOverrides(text: string, overrides: TOverrides): string {
  return Object.entries(overrides).reduce((t, [k, v]) => setKey(t, k, v), text);
}
