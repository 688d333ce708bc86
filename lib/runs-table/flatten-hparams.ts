// A run's resolved YAML as flat key → JSON value, stored in runs.hparams for hyperparameter columns.
import { parse as parseYaml } from "yaml";

/** Per-run paths, not choices: equal for no two runs, so they would only add noise to columns and diffs. */
const PER_RUN = new Set(["output_dir", "run_name", "logging_dir"]);

export type THparams = Record<string, string | number | boolean | null>;

export function flattenHparams(yamlText: string): THparams {
  let v: unknown;
  try {
    v = parseYaml(yamlText);
  } catch {
    return {};
  }
  const out: THparams = {};
  const walk = (x: unknown, prefix: string) => {
    if (x && typeof x === "object" && !Array.isArray(x)) {
      for (const [k, y] of Object.entries(x)) walk(y, prefix ? `${prefix}.${k}` : k);
    } else if (prefix && !PER_RUN.has(prefix)) {
      // jsonb has no NaN/Infinity: keep the YAML spelling so the value still reads as what was set.
      if (typeof x === "number" && !Number.isFinite(x)) out[prefix] = Number.isNaN(x) ? ".nan" : x > 0 ? ".inf" : "-.inf";
      else if (typeof x === "string" || typeof x === "number" || typeof x === "boolean" || x === null) out[prefix] = x;
      else out[prefix] = JSON.stringify(x);
    }
  };
  walk(v, "");
  return out;
}
