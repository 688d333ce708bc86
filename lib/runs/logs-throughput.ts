// Whether a run's resolved config makes LLaMA-Factory log throughput: its LogCallback writes
// `throughput`/`total_tokens` only when HF counts input tokens (include_num_input_tokens_seen), so
// without it the tokens/s chart stays empty for the whole run and the page says why.
import { parse as parseYaml } from "yaml";

export function logsThroughput(configYaml: string): boolean {
  let v: unknown;
  try {
    v = (parseYaml(configYaml) as Record<string, unknown> | null)?.include_num_input_tokens_seen;
  } catch {
    return false;
  }
  // Newer transformers also accept "all" / "non_padding" (both count) and "no".
  if (typeof v === "string") return ["true", "all", "non_padding"].includes(v.toLowerCase());
  return v === true;
}
