// When a run ends: the Trainer's own end-of-run numbers (trainer_state.json summary keys and
// all_results.json, which holds the final evaluate() that trainer_log.jsonl never sees), plus the
// rules engine's final verdict and advice.
import { prisma, type Prisma } from "@/lib/db";
import { parseRelaxedJson } from "@/lib/logs/parse-relaxed-json";
import type { TSshConnection } from "@/lib/ssh/connect";
import type { TEngineSummary } from "@/lib/rules/types";
import { describeProcessFailure } from "@/lib/rules/process-failure";

const STATE_KEYS = ["best_global_step", "best_metric", "best_model_checkpoint", "epoch", "global_step", "max_steps",
  "num_input_tokens_seen", "num_train_epochs", "total_flos", "train_batch_size", "save_steps", "eval_steps", "logging_steps"];
const MAX_READ = 64 * 1024 * 1024;

/** jsonb has no NaN/Infinity: non-finite numbers are kept as their Python spelling. */
export function jsonSafe(v: unknown): Prisma.InputJsonValue | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  if (Array.isArray(v)) return v.map((x) => jsonSafe(x)) as Prisma.InputJsonValue;
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)])) as Prisma.InputJsonValue;
  return (v ?? null) as Prisma.InputJsonValue | null;
}

async function readJson(conn: TSshConnection, path: string): Promise<Record<string, unknown> | null> {
  const st = await conn.stat(path);
  if (!st || st.isDirectory || st.size > MAX_READ) return null;
  const buf = await conn.readFrom(path, 0, st.size);
  try {
    const v = parseRelaxedJson(buf.toString("utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function jsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v = parseRelaxedJson(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function ingestFinalMetrics(o: { conn: TSshConnection | null; runId: string; outputDir: string; summary: TEngineSummary | null;
  keepVerdict: boolean;
  /** Texts the caller already read (an import knows from its find which files exist): null = not there, undefined = read it here. */
  prefetched?: { trainerState?: string | null; allResults?: string | null } }): Promise<void> {
  const dir = o.outputDir.replace(/\/+$/, "");
  const pre = o.prefetched ?? {};
  const state = pre.trainerState !== undefined ? jsonObject(pre.trainerState) : o.conn ? await readJson(o.conn, `${dir}/trainer_state.json`).catch(() => null) : null;
  const all = pre.allResults !== undefined ? jsonObject(pre.allResults) : o.conn ? await readJson(o.conn, `${dir}/all_results.json`).catch(() => null) : null;
  const trainerState = state ? Object.fromEntries(STATE_KEYS.filter((k) => k in state).map((k) => [k, state[k]])) : null;
  const run = await prisma.run.findUnique({ where: { id: o.runId }, select: { status: true, exitCode: true, errorExcerpt: true, lastStep: true } });
  // A failed process is "failed" whatever its (possibly empty) curves say; a NaN verdict already explains it.
  const crashed = run?.status === "FAILED" && o.summary?.verdict !== "failed"
    ? describeProcessFailure({ exitCode: run.exitCode, errorExcerpt: run.errorExcerpt, lastStep: run.lastStep }) : null;
  const s = crashed && o.summary ? { ...o.summary, ...crashed } : o.summary;
  const finalMetrics = jsonSafe({
    trainerState, allResults: all,
    rules: s ? { verdict: s.verdict, reason: s.reason, bestStep: s.bestStep, bestEvalLoss: s.bestEvalLoss, alerts: s.alerts.length }
      : crashed ? { verdict: crashed.verdict, reason: crashed.reason, bestStep: null, bestEvalLoss: null, alerts: 0 } : null,
  }) as Prisma.InputJsonValue;
  const verdict = crashed?.verdict ?? s?.verdict;
  await prisma.run.update({
    where: { id: o.runId },
    data: {
      finalMetrics,
      ...(verdict && !o.keepVerdict ? { verdict } : {}),
      ...(s || crashed ? { advice: (s ?? crashed)!.advice } : {}),
    },
  });
}
