import { KEY_SPECS, isKnownKey } from "@/lib/presets/key-specs";
import { crossKeyIssues } from "@/lib/presets/cross-rules";
import type { TConfig, TIssue, TLintResult } from "@/lib/presets/types";

const describe = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a mapping" : JSON.stringify(v));

/**
 * Validates a parsed training config. Unknown keys are kept and reported as warnings: LF itself
 * refuses them ("Some keys are not used by the HfArgumentParser") unless ALLOW_EXTRA_ARGS=1, but they
 * may be valid on a newer LF than the one the schema was read from.
 */
export function lintConfig(obj: unknown): TLintResult {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    return { ok: false, errors: [{ key: "", message: "expected a mapping of LLaMA-Factory keys to values" }], warnings: [] };
  }
  const errors: TIssue[] = [];
  const warnings: TIssue[] = [];
  const valid: TConfig = {};
  for (const [key, value] of Object.entries(obj as TConfig)) {
    if (!isKnownKey(key)) {
      warnings.push({ key, message: "not a LLaMA-Factory argument this dashboard knows; LF rejects unknown keys unless ALLOW_EXTRA_ARGS=1" });
      continue;
    }
    const r = KEY_SPECS[key]!.schema.safeParse(value);
    if (r.success) valid[key] = value;
    else errors.push({ key, message: `${r.error.issues[0]?.message ?? "invalid value"} (got ${describe(value)})` });
  }
  // Cross-key rules see only values that passed their own check, so one bad value gives one error.
  const cross = crossKeyIssues(valid);
  const badKeys = new Set(errors.map((e) => e.key));
  errors.push(...cross.errors.filter((e) => !badKeys.has(e.key)));
  warnings.push(...cross.warnings);
  return { ok: errors.length === 0, errors, warnings };
}
