// The gate every stored version passes: readable YAML, a training config, and no lint errors
// (warnings are kept with the result). A version that passes can be launched as it is.
import { AppError } from "@/lib/errors";
import { lintConfig, type TLintOptions } from "@/lib/presets/lint-config";
import { parsePresetYaml } from "@/lib/presets/yaml";
import type { TConfig, TIssue } from "@/lib/presets/types";

export type TValidYaml = { config: TConfig; warnings: TIssue[] };

/** Lint result for the editor: never throws, reports syntax/refusal as an error on key "". */
export function checkPresetYaml(text: string, opts: TLintOptions = {}): { ok: boolean; errors: TIssue[]; warnings: TIssue[] } {
  const parsed = parsePresetYaml(text);
  if (!parsed.ok) return { ok: false, errors: [{ key: "", message: parsed.error.message }], warnings: [] };
  const lint = lintConfig(parsed.config, opts);
  return { ok: lint.ok, errors: lint.errors, warnings: [...parsed.warnings, ...lint.warnings] };
}

export function assertValidPresetYaml(text: string, field = "yaml", opts: TLintOptions = {}): TValidYaml {
  const parsed = parsePresetYaml(text);
  if (!parsed.ok) throw new AppError("invalid", parsed.error.message, field);
  const lint = lintConfig(parsed.config, opts);
  if (!lint.ok) {
    const list = lint.errors.slice(0, 5).map((e) => `${e.key || "file"}: ${e.message}`).join("; ");
    const more = lint.errors.length > 5 ? ` (and ${lint.errors.length - 5} more)` : "";
    throw new AppError("invalid", `The preset has errors: ${list}${more}`, field);
  }
  return { config: parsed.config, warnings: [...parsed.warnings, ...lint.warnings] };
}
