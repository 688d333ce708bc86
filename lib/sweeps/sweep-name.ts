import { z } from "zod";

/** Trial runs are named `<sweep>-t<n>`, which must still be a valid run name (lib/runs/run-name). */
export const ZSweepName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(70, "must be at most 70 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._+-]*$/, "may contain letters, digits, space and . _ + - (starting with a letter or digit)");

export function trialRunName(sweepName: string, index: number): string {
  return `${sweepName}-t${index + 1}`;
}
