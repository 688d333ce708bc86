// generated_predictions.jsonl as CustomSeq2SeqTrainer.save_predictions writes it: one
// json.dumps({"prompt", "predict", "label"}, ensure_ascii=False) per line (LF before mid-2024 wrote only
// {"label", "predict"}). Bounded: only the first `maxRows` rows are kept, each field cut at `maxField`
// characters; every other line is only counted. A bad line is named (1-based) and skipped.
import { z } from "zod";
import { parseRelaxedJson } from "@/lib/logs/parse-relaxed-json";

export const ZPredictionLine = z.object({
  prompt: z.string().optional(),
  predict: z.string({ error: "predict: expected a string" }),
  label: z.string({ error: "label: expected a string" }),
});

export type TPredictionRow = { idx: number; prompt: string; predict: string; label: string; cut: boolean };
export type TParsedPredictions = { rows: TPredictionRow[]; lines: number; errors: { line: number; message: string }[]; errorCount: number };

const MAX_ERRORS = 20;

function cut(s: string, n: number): [string, boolean] {
  return s.length > n ? [s.slice(0, n), true] : [s, false];
}

/**
 * `text` may stop mid-file (a bounded read): the last line counts only when `complete` (the whole file
 * was read) or it ends with a newline.
 */
export function parsePredictions(text: string, o: { maxRows: number; maxField: number; complete: boolean }): TParsedPredictions {
  const parts = text.split("\n");
  if (!o.complete || text.endsWith("\n")) parts.pop();
  const rows: TPredictionRow[] = [];
  const errors: { line: number; message: string }[] = [];
  let errorCount = 0;
  let lines = 0;
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!.replace(/\r$/, "");
    if (raw.trim() === "") continue;
    lines++;
    if (rows.length >= o.maxRows) continue;
    const fail = (message: string) => { errorCount++; if (errors.length < MAX_ERRORS) errors.push({ line: i + 1, message }); };
    let v: unknown;
    try { v = parseRelaxedJson(raw); } catch (e) { fail(`invalid JSON (${e instanceof Error ? e.message : String(e)})`); continue; }
    const p = ZPredictionLine.safeParse(v);
    if (!p.success) { fail(p.error.issues.map((x) => (x.path.length ? `${x.path.join(".")}: ${x.message.replace(/^\w+: /, "")}` : x.message)).join("; ")); continue; }
    const [prompt, c1] = cut(p.data.prompt ?? "", o.maxField);
    const [predict, c2] = cut(p.data.predict, o.maxField);
    const [label, c3] = cut(p.data.label, o.maxField);
    rows.push({ idx: i, prompt, predict, label, cut: c1 || c2 || c3 });
  }
  return { rows, lines, errors, errorCount };
}
