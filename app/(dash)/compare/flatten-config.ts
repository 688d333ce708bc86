// Hyperparameter table helpers (pure): a run's YAML as flat key → display value, and which keys differ.
import { parse as parseYaml } from "yaml";

export function flattenConfig(yamlText: string): Record<string, string> {
  let v: unknown;
  try { v = parseYaml(yamlText); } catch { return {}; }
  const out: Record<string, string> = {};
  const walk = (x: unknown, prefix: string) => {
    if (x && typeof x === "object" && !Array.isArray(x)) {
      for (const [k, y] of Object.entries(x)) walk(y, prefix ? `${prefix}.${k}` : k);
    } else if (prefix) {
      out[prefix] = typeof x === "string" ? x : JSON.stringify(x);
    }
  };
  walk(v, "");
  return out;
}

/** Keys whose value is not the same in every run (a key missing from some runs differs). */
export function differingKeys(configs: Record<string, string>[]): Set<string> {
  const all = new Set(configs.flatMap((c) => Object.keys(c)));
  const diff = new Set<string>();
  for (const k of all) {
    const first = configs[0]?.[k];
    if (configs.some((c) => c[k] !== first)) diff.add(k);
  }
  return diff;
}
