// Shapes shared by several endpoints. Responses describe the JSON on the wire (dates as ISO strings,
// non-finite metric values as the strings "NaN"/"Infinity"/"-Infinity").
import { z } from "zod";

export const ZErrorResponse = z.object({
  error: z.object({
    code: z.enum(["invalid", "unauthorized", "forbidden", "not_found", "conflict", "rate_limited", "too_large", "unsupported_media_type", "unreachable", "internal"]),
    message: z.string(),
    field: z.string().optional().describe("The request field the error is about."),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional()
      .describe("Every field at fault, when several are (a launch preflight: config.dataset, config.deepspeed, gpuIndices, disk, hostId, ...)."),
  }),
}).meta({ description: "Every error: a machine code, a human message, and the field when one is at fault." });

export const ZJsonFloat = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"]), z.null()])
  .describe("A float; non-finite values travel as strings because JSON cannot carry them.");

export const ZIsoDate = z.string().describe("ISO 8601 timestamp");

export const ZIdParam = z.object({
  id: z.string().min(1).max(200).describe("An id (or, where noted, a name)."),
});

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
