// Run.liveVerdict: the rules engine's picture of a run while it trains (the verdict so far and each
// rule's progress), written by the poller at each ingest that changes it so pages read one column and
// a restarted worker finds it in place. Read back through zod: it is jsonb written by another process.
import type pg from "pg";
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { jsonSafe } from "@/lib/runs/ingest-final-metrics";

const ZRuleProgress = z.object({
  rule: z.string(),
  label: z.string(),
  mode: z.enum(["off", "alert", "stop"]),
  status: z.enum(["off", "waiting", "watching", "counting", "fired"]),
  count: z.number().nullable(),
  needed: z.number().nullable(),
  unit: z.string().nullable(),
  text: z.string(),
  firedStep: z.number().nullable(),
});

export const ZStoredLiveVerdict = z.object({
  /** A TVerdict, or "not-judgeable" (predict-only logs, a lone summary line). */
  verdict: z.string(),
  why: z.string(),
  judgeable: z.boolean(),
  lastStep: z.number().nullable(),
  totalSteps: z.number().nullable(),
  bestStep: z.number().nullable(),
  bestEvalLoss: z.union([z.number(), z.string()]).nullable(),
  stopped: z.object({ rule: z.string(), action: z.string(), step: z.number(), reason: z.string() }).nullable(),
  rules: z.array(ZRuleProgress),
  /** When the poller wrote it (ISO). */
  at: z.string(),
});
export type TStoredLiveVerdict = z.infer<typeof ZStoredLiveVerdict>;
export type TStoredRuleProgress = z.infer<typeof ZRuleProgress>;

/** The stored value, or null when absent or not of this shape (an older writer): never a crash on a page. */
export function parseLiveVerdict(raw: unknown): TStoredLiveVerdict | null {
  const r = ZStoredLiveVerdict.safeParse(raw);
  return r.success ? r.data : null;
}

/** JSON text of what would be stored, without the time: the poller writes only when this changes. */
export function liveVerdictKey(v: Omit<TStoredLiveVerdict, "at">): string {
  return JSON.stringify(jsonSafe(v));
}

export async function saveLiveVerdict(runId: string, v: Omit<TStoredLiveVerdict, "at">): Promise<void> {
  const value = jsonSafe({ ...v, at: new Date().toISOString() }) as Prisma.InputJsonValue;
  // updateMany: a run deleted while it was being polled is not an error here.
  await prisma.run.updateMany({ where: { id: runId }, data: { liveVerdict: value } });
}

export async function getLiveVerdict(db: pg.Pool | pg.ClientBase, runId: string): Promise<TStoredLiveVerdict | null> {
  const r = await db.query<{ v: unknown }>(`SELECT "liveVerdict" AS v FROM runs WHERE id=$1`, [runId]);
  return parseLiveVerdict(r.rows[0]?.v ?? null);
}
