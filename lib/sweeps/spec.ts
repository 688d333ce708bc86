// A sweep's spec: which keys to search and how, the trial budget, the concurrency cap, where trials
// run and which cross-trial stopper prunes them. Every issue names its path (`space.learning_rate.min`)
// so the form, the API and the CLI point at the exact input.
import { z } from "zod";

const ZKey = z.string().trim().min(1, "is required").max(100).regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "is not a config key");
const ZScalar = z.union([z.number().finite(), z.string().max(200), z.boolean()]);

const ZList = z.object({ type: z.literal("list"), values: z.array(ZScalar).min(1, "needs at least one value").max(50, "at most 50 values") });
const ZRange = z.object({
  type: z.literal("range"),
  min: z.number().finite(),
  max: z.number().finite(),
  /** Grid points (evenly spaced, both ends included); random search ignores it. */
  count: z.number().int().min(2, "must be at least 2").max(50, "must be at most 50").optional(),
  /** Whole numbers only (lora_rank, epochs, batch sizes). */
  int: z.boolean().default(false),
});
const ZLogRange = z.object({
  type: z.literal("log"),
  min: z.number().finite().positive("must be above 0 for a log range"),
  max: z.number().finite().positive("must be above 0 for a log range"),
  count: z.number().int().min(2, "must be at least 2").max(50, "must be at most 50").optional(),
});
export const ZParamSpec = z.discriminatedUnion("type", [ZList, ZRange, ZLogRange]);
export type TParamSpec = z.infer<typeof ZParamSpec>;

export const ZStopper = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({
    type: z.literal("median"),
    /** Trials (others than the judged one) that must have reached the step before anyone is stopped. */
    minTrials: z.number().int().min(1).max(100).default(3),
    /** No trial is judged before this training step. */
    warmupSteps: z.number().int().min(0).max(10_000_000).default(0),
  }),
  z.object({
    type: z.literal("asha"),
    /** The first rung's step; rung k sits at minStep × eta^k. */
    minStep: z.number().int().min(1).max(10_000_000),
    eta: z.number().int().min(2).max(10).default(3),
    /** Trials that must have reached a rung before it ranks anyone. */
    minTrials: z.number().int().min(2).max(100).default(3),
  }),
]);
export type TStopper = z.infer<typeof ZStopper>;

export const ZTarget = z.object({
  hostId: z.string().min(1, "is required").max(64),
  gpuIndices: z.array(z.number().int().min(0).max(63)).min(1, "pick at least one GPU").max(64),
});

export const ZSweepSpec = z.object({
  method: z.enum(["grid", "random"]),
  space: z.record(ZKey, ZParamSpec).refine((s) => Object.keys(s).length >= 1, "choose at least one key to sweep")
    .refine((s) => Object.keys(s).length <= 12, "at most 12 keys"),
  /** Keys set the same on every trial, on top of the preset version. */
  fixed: z.record(ZKey, z.unknown()).default({}),
  budget: z.number().int().min(1, "must be at least 1").max(500, "must be at most 500"),
  concurrency: z.number().int().min(1, "must be at least 1").max(64, "must be at most 64"),
  /** Random search draws from this seed, so the same spec gives the same trials. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  stopper: ZStopper.default({ type: "none" }),
  targets: z.array(ZTarget).min(1, "pick at least one host and GPU").max(64),
}).superRefine((s, ctx) => {
  for (const [key, p] of Object.entries(s.space)) {
    if (p.type !== "list" && p.min > p.max) ctx.addIssue({ code: "custom", path: ["space", key, "min"], message: `must not be above max (${p.max})` });
    if (s.method === "grid" && p.type !== "list" && p.count === undefined)
      ctx.addIssue({ code: "custom", path: ["space", key, "count"], message: "is required for grid search (how many points between min and max)" });
    if (key in s.fixed) ctx.addIssue({ code: "custom", path: ["fixed", key], message: "is also swept; set it in one place" });
  }
  if (s.method === "grid") {
    const size = gridSize(s.space);
    if (size > s.budget) ctx.addIssue({ code: "custom", path: ["budget"], message: `the grid has ${size} combinations; raise the budget to ${size} or use random search` });
  }
});
export type TSweepSpec = z.output<typeof ZSweepSpec>;
export type TSweepSpecInput = z.input<typeof ZSweepSpec>;

export function gridSize(space: Record<string, TParamSpec>): number {
  return Object.values(space).reduce((n, p) => n * (p.type === "list" ? p.values.length : (p.count ?? 1)), 1);
}

/** Zod issues as {field, message} rows, the path joined with dots (`space.learning_rate.min`). */
export function specFieldErrors(e: z.ZodError): { field: string; message: string }[] {
  return e.issues.map((i) => ({ field: i.path.map(String).join(".") || "spec", message: i.message }));
}
