// HF Trainer.save_metrics files: eval_results.json / predict_results.json / all_results.json (indent 4,
// sorted keys, Python's json, so NaN is a bare token). Values are numbers; a key holding anything else
// is named and dropped rather than failing the whole file (reference/llamafactory.md §2).
import { z } from "zod";
import { parseRelaxedJson } from "@/lib/logs/parse-relaxed-json";
import { ZLooseNumber } from "@/lib/logs/zod-loose-number";

export type TResults = { metrics: Record<string, number>; errors: string[] };

const ZTop = z.record(z.string(), z.unknown());

/** Parses one *_results.json text; throws an Error naming the file when it is not a JSON object. */
export function parseResultsJson(text: string, file: string): TResults {
  let raw: unknown;
  try {
    raw = parseRelaxedJson(text);
  } catch (e) {
    throw new Error(`${file}: invalid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const top = ZTop.safeParse(raw);
  if (!top.success || Array.isArray(raw)) throw new Error(`${file}: expected a JSON object of metric: number`);
  const metrics: Record<string, number> = {};
  const errors: string[] = [];
  for (const [k, v] of Object.entries(top.data)) {
    const n = ZLooseNumber.safeParse(v);
    if (n.success) metrics[k] = n.data;
    else errors.push(`${file}: ${k}: expected a number, got ${JSON.stringify(v)?.slice(0, 40)}`);
  }
  return { metrics, errors };
}

/** The numbers worth showing: scores and losses, not runtime/throughput bookkeeping. */
export function isScoreKey(k: string): boolean {
  return !/(_runtime|_samples_per_second|_steps_per_second|_model_preparation_time)$/.test(k) && k !== "epoch" && k !== "num_input_tokens_seen";
}

/** eval_<name>_loss keys of a dict eval set (eval_on_each_dataset), as {name: loss}. */
export function perDatasetLosses(metrics: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) {
    const m = /^eval_(.+)_loss$/.exec(k);
    if (m) out[m[1]!] = v;
  }
  return out;
}
