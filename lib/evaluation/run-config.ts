// A run's stored YAML as a flat object (pure; a YAML that does not parse reads as empty).
import { parse } from "yaml";

export function parseRunConfig(yamlText: string): Record<string, unknown> {
  try {
    const v: unknown = parse(yamlText);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A predict/eval-only run (no training): no curve for the early-stop rules to judge. */
export function isEvalOnly(config: Record<string, unknown>): boolean {
  return config.do_train !== true && (config.do_predict === true || config.do_eval === true);
}
