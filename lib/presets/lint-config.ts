// Lints a training config the way `llamafactory-cli train` will read it on a given host: every key
// must be one LF's HfArgumentParser accepts at that LF (and transformers) version, or LF refuses the
// whole file ("Some keys are not used by the HfArgumentParser") unless ALLOW_EXTRA_ARGS=1, which a
// preset opts into explicitly. Then each value is checked, then the cross-key rules, then the
// practitioner warnings (template fit, eval cadence, memorising).
import { crossKeyIssues } from "@/lib/presets/cross-rules";
import { acceptedKeys, keyStatus, schemaFor } from "@/lib/presets/key-catalog";
import { closestKey, ENV_KEYS } from "@/lib/presets/did-you-mean";
import { resolveLfVersion } from "@/lib/presets/lf-version";
import { practiceWarnings } from "@/lib/presets/practice-rules";
import { KEY_RENAMES, VALUE_RENAMES, type TLintContext } from "@/lib/presets/renamed-keys";
import type { TConfig, TIssue, TLintResult } from "@/lib/presets/types";

export type TLintOptions = {
  /** The host's `llamafactory-cli version` (e.g. "0.9.3"); unset = the version the reference names. */
  lfVersion?: string | null;
  /** The host's transformers version; unset = either line LF allows (4.55+ or 5.x). */
  transformersVersion?: string | null;
  /** The preset allows keys LF does not know (launch then sets ALLOW_EXTRA_ARGS=1): they become warnings. */
  allowExtraKeys?: boolean;
};

const describe = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a mapping" : JSON.stringify(v));

export function lintContext(opts: TLintOptions = {}): { ctx: TLintContext; note: string | null } {
  const { version, note } = resolveLfVersion(opts.lfVersion);
  const tf = opts.transformersVersion?.trim() || null;
  const major = tf ? Number(/^v?(\d+)\./.exec(tf)?.[1]) : NaN;
  return { ctx: { lfVersion: version, tfVersion: tf, tfMajor: major === 4 || major === 5 ? major : null }, note };
}

/** One key's problems at this version: the error (or warning) LF's parser or the value check would give. */
export function checkKey(key: string, value: unknown, ctx: TLintContext, allowExtraKeys = false): { error?: TIssue; warning?: TIssue } {
  const rename = KEY_RENAMES[key]?.(ctx) ?? null;
  const status = keyStatus(key, ctx);
  if (rename && (rename.severity === "error" || !status.accepted)) return { error: { key, message: rename.message } };
  const out: { error?: TIssue; warning?: TIssue } = rename ? { warning: { key, message: rename.message } } : {};
  // A rename rule that is silent here means the old name is still valid on this host (e.g.
  // evaluation_strategy before transformers 4.46), though neither catalogued line has it.
  if (!status.accepted && KEY_RENAMES[key] && !rename) return out;
  if (!status.accepted) {
    const v = ctx.lfVersion;
    let message: string;
    if (status.why === "too-new") message = `needs LLaMA-Factory ${status.since} or newer; this host has ${v}`;
    else if (status.why === "removed") message = `was removed in LLaMA-Factory ${status.removedIn}; this host has ${v}: delete it`;
    else if (status.why === "other-tf") message = `is a transformers ${status.line}.x argument; this host has transformers ${ctx.tfVersion}`;
    else if (ENV_KEYS[key.toLowerCase()]) message = `is not a LLaMA-Factory argument: it is the environment variable ${ENV_KEYS[key.toLowerCase()]}; set it in the host's runtime profile instead`;
    else {
      const guess = closestKey(key, acceptedKeys(ctx));
      message = `is not a LLaMA-Factory ${v} argument${guess ? `: did you mean \`${guess}\`?` : ""} (LF refuses unknown keys: "Some keys are not used by the HfArgumentParser")`;
    }
    if (allowExtraKeys) return { warning: { key, message: `${message}; passed through because this preset allows extra keys (ALLOW_EXTRA_ARGS=1)` } };
    return { error: { key, message } };
  }
  const renamedValue = typeof value === "string" ? VALUE_RENAMES[key]?.[value]?.(ctx) : null;
  if (renamedValue) return { ...out, error: { key, message: renamedValue } };
  const r = schemaFor(key, ctx).safeParse(value);
  if (!r.success) out.error = { key, message: `${r.error.issues[0]?.message ?? "invalid value"} (got ${describe(value)})` };
  return out;
}

export function lintConfig(obj: unknown, opts: TLintOptions = {}): TLintResult {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    return { ok: false, errors: [{ key: "", message: "expected a mapping of LLaMA-Factory keys to values" }], warnings: [] };
  }
  const { ctx, note } = lintContext(opts);
  const errors: TIssue[] = [];
  const warnings: TIssue[] = note ? [{ key: "", message: note }] : [];
  const valid: TConfig = {};
  for (const [key, value] of Object.entries(obj as TConfig)) {
    const found = checkKey(key, value, ctx, opts.allowExtraKeys === true);
    if (found.warning) warnings.push(found.warning);
    if (found.error) errors.push(found.error);
    else valid[key] = value;
  }
  // Cross-key rules see only values that passed their own check, so one bad value gives one error.
  const cross = crossKeyIssues(valid);
  const badKeys = new Set(errors.map((e) => e.key));
  errors.push(...cross.errors.filter((e) => !badKeys.has(e.key)));
  warnings.push(...cross.warnings, ...practiceWarnings(valid));
  return { ok: errors.length === 0, errors, warnings };
}
