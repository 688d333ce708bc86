// What runs."evaluation" holds (written by ingest-evaluation, read by the run page, API, table, compare).
import { z } from "zod";

/** jsonb has no NaN/Infinity: those are stored as their Python spelling (jsonSafe). */
const ZStoredNumber = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]);

export const ZEvaluation = z.object({
  evalResults: z.record(z.string(), ZStoredNumber).nullable(),
  predictResults: z.record(z.string(), ZStoredNumber).nullable(),
  predictions: z.object({
    file: z.string(),
    /** Non-empty lines in the file (counted with wc -l past the bounded read). */
    lines: z.number(),
    stored: z.number(),
    bytes: z.number(),
    errors: z.array(z.object({ line: z.number(), message: z.string() })),
    errorCount: z.number(),
  }).nullable(),
  /** Files that exist but could not be read as LF writes them, named. */
  errors: z.array(z.string()),
  readAt: z.string(),
}).nullable().catch(null);
export type TEvaluation = z.infer<typeof ZEvaluation>;

export function storedNumber(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  return null;
}
