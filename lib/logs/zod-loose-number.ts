// Numbers in log lines arrive as JSON numbers, as NaN/Infinity (restored by parseRelaxedJson), or as
// strings: old LLaMA-Factory wrote `throughput` as "3021.57" and Trainer 5.x prints '1.308' / 'nan'.
import { z } from "zod";

const NUMERIC_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A numeric string (incl. nan / inf / -inf / Infinity in any case) as a number, else null. */
export function parseNumericString(text: string): number | null {
  const t = text.trim();
  if (NUMERIC_RE.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case "nan": case "+nan": case "-nan": return Number.NaN;
    case "inf": case "+inf": case "infinity": case "+infinity": return Number.POSITIVE_INFINITY;
    case "-inf": case "-infinity": return Number.NEGATIVE_INFINITY;
    default: return null;
  }
}

/** Any number, including NaN and ±Infinity (zod 4's z.number() rejects both), or a numeric string. */
export const ZLooseNumber = z.preprocess(
  (v) => (typeof v === "string" ? (parseNumericString(v) ?? v) : v),
  z.custom<number>((v) => typeof v === "number", { message: "expected a number" }),
);

export const ZStepInt = z.custom<number>(
  (v) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0,
  { message: "expected a non-negative integer" },
);
