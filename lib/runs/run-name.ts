import { z } from "zod";

/** Run names are shown everywhere and may end up in LF's run_name; keep them to a boring charset. */
export const ZRunName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(80, "must be at most 80 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._+-]*$/, "may contain letters, digits, space and . _ + - (starting with a letter or digit)");
