// Incremental extraction of the HF Trainer's printed log dicts from a run's console (stdout+stderr),
// e.g. {'loss': '1.308', 'grad_norm': '0.93', 'learning_rate': '4.1e-05', 'epoch': '0.5'}.
// grad_norm is not in trainer_log.jsonl (reference §1), so this is where the chart gets it.
import { parseNumericString } from "./zod-loose-number";

export type TConsoleRecordKind = "TRAIN" | "EVAL" | "SUMMARY";

export type TConsoleRecord = {
  /** Byte offset of the console line (\n-terminated) holding the dict. */
  offset: number;
  /** 0-based \n-line number in the console file. */
  line: number;
  kind: TConsoleRecordKind;
  loss: number | null;
  evalLoss: number | null;
  gradNorm: number | null;
  lr: number | null;
  epoch: number | null;
  /** Every key of the dict; numeric values as numbers, the rest as strings (True/False/None kept as text). */
  values: Record<string, number | string>;
};

export type TConsoleState = { nextLine: number };
export const initialConsoleState = (): TConsoleState => ({ nextLine: 0 });

export type TConsoleParseResult = { records: TConsoleRecord[]; state: TConsoleState; consumedBytes: number };

/** tqdm redraws with \r and never ends its line; past this much we cut at the last \r so the pending tail stays small. */
const MAX_PARTIAL_BYTES = 1 << 20;

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const DICT_RE = /\{'[^{}\n\r]*\}/g;
const PAIR_RE = /'((?:[^'\\]|\\.)*)'\s*:\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,}]+)/g;

/** Parse one Python dict literal as printed by the Trainer; null if it is not a flat str-keyed dict. */
export function parsePythonDict(text: string): Record<string, number | string> | null {
  const out: Record<string, number | string> = {};
  let n = 0;
  for (const m of text.matchAll(PAIR_RE)) {
    const key = m[1] ?? "";
    let raw = (m[2] ?? "").trim();
    const quoted = raw.startsWith("'") || raw.startsWith('"');
    if (quoted) raw = raw.slice(1, -1);
    const num = parseNumericString(raw);
    out[key] = num ?? raw;
    n++;
  }
  return n > 0 ? out : null;
}

const num = (v: number | string | undefined): number | null => (typeof v === "number" ? v : null);

function toRecord(values: Record<string, number | string>, offset: number, line: number): TConsoleRecord | null {
  const kind: TConsoleRecordKind | null =
    "loss" in values ? "TRAIN" : "eval_loss" in values ? "EVAL" : "train_runtime" in values ? "SUMMARY" : null;
  if (kind === null) return null;
  return {
    offset, line, kind,
    loss: num(values.loss), evalLoss: num(values.eval_loss), gradNorm: num(values.grad_norm),
    lr: num(values.learning_rate), epoch: num(values.epoch), values,
  };
}

function extract(text: string, offset: number, line: number, into: TConsoleRecord[]): void {
  if (!text.includes("{'")) return;
  for (const m of text.replace(ANSI_RE, "").matchAll(DICT_RE)) {
    const values = parsePythonDict(m[0]);
    const rec = values && toRecord(values, offset, line);
    if (rec) into.push(rec);
  }
}

/** Parse the complete console lines in `chunk` (starting at byte `baseOffset`); a partial tail is left for later. */
export function parseConsole(chunk: Buffer | string, baseOffset: number, state: TConsoleState): TConsoleParseResult {
  const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
  const records: TConsoleRecord[] = [];
  let { nextLine } = state;
  let start = 0;
  for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
    extract(buf.toString("utf8", start, nl), baseOffset + start, nextLine++, records);
    start = nl + 1;
  }
  if (buf.length - start > MAX_PARTIAL_BYTES) {
    const cr = buf.lastIndexOf(13);
    if (cr >= start) {
      // Same \n-line continues in the next chunk: do not advance the line counter.
      extract(buf.toString("utf8", start, cr), baseOffset + start, nextLine, records);
      start = cr + 1;
    }
  }
  return { records, state: { nextLine }, consumedBytes: start };
}
