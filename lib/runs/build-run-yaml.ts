// The YAML a run uploads: the preset version's text with overrides applied in place (comments and
// order survive, so the snapshot reads like the preset) and output_dir forced to the run's folder.
import { parseDocument } from "yaml";
import { lintConfig, type TLintOptions } from "@/lib/presets/lint-config";
import type { TIssue } from "@/lib/presets/types";

export type TBuiltRunYaml = { yaml: string; config: Record<string, unknown>; errors: TIssue[]; warnings: TIssue[] };

export function buildRunYaml(o: { presetYaml: string; overrides: Record<string, unknown>; outputDir: string; extra?: Record<string, unknown>; lint?: TLintOptions }): TBuiltRunYaml {
  const doc = parseDocument(o.presetYaml);
  if (doc.errors.length > 0) {
    return { yaml: "", config: {}, errors: [{ key: "", message: `preset YAML does not parse: ${doc.errors[0]!.message}` }], warnings: [] };
  }
  for (const [k, v] of Object.entries({ ...o.overrides, ...(o.extra ?? {}) })) doc.set(k, v);
  doc.set("output_dir", o.outputDir);
  // A run folder is fresh, so LF's auto-resume never applies; a resume sets resume_from_checkpoint explicitly.
  doc.set("overwrite_output_dir", false);
  const config = doc.toJS() as Record<string, unknown>;
  const lint = lintConfig(config, o.lint);
  // lineWidth 0: never fold a long value over several lines (simpler for every YAML reader on the host).
  return { yaml: pyyamlFloats(doc.toString({ lineWidth: 0 })), config, errors: lint.errors, warnings: lint.warnings };
}

/** `1e-07` is a float to YAML 1.2 but a string to PyYAML (YAML 1.1 wants a dot in the mantissa), and a
 *  string learning rate fails deep inside the optimizer: write top-level exponent floats as `1.0e-07`. */
export function pyyamlFloats(yaml: string): string {
  return yaml.replace(/^([A-Za-z_][\w.-]*: +)([-+]?\d+)([eE][-+]?\d+)( +#.*)?$/gm, (_m, key: string, mant: string, exp: string, comment?: string) => `${key}${mant}.0${exp}${comment ?? ""}`);
}
