// When a run ends: the Trainer's own end-of-run numbers (trainer_state.json summary keys and
// all_results.json, which holds the final evaluate() that trainer_log.jsonl never sees), plus the
// rules engine's final verdict and advice.
import { prisma, type Prisma } from "@/lib/db";
import { parseRelaxedJson, relaxedJsonObject } from "@/lib/logs/parse-relaxed-json";
import type { TSshConnection } from "@/lib/ssh/connect";
import type { TEngineSummary } from "@/lib/rules/types";
import { describeProcessFailure } from "@/lib/rules/process-failure";
import { ingestEvaluation } from "@/lib/evaluation/ingest-evaluation";
import { isEvalOnly, parseRunConfig } from "@/lib/evaluation/run-config";
import { createLogger } from "@/lib/logger";

const log = createLogger("FINAL METRICS");

const STATE_KEYS = ["best_global_step", "best_metric", "best_model_checkpoint", "epoch", "global_step", "max_steps",
  "num_input_tokens_seen", "num_train_epochs", "total_flos", "train_batch_size", "save_steps", "eval_steps", "logging_steps"];
const MAX_READ = 64 * 1024 * 1024;
const NOT_JUDGEABLE = {
  verdict: "not-judgeable" as const,
  reason: "a prediction/evaluation run: no training curve to judge; its scores are under Evaluation",
  advice: ["This run predicts or evaluates only: there is no loss curve for the rules to judge. Its scores are in the Evaluation panel (and beside the training run it scores)."],
};

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


export async function ingestFinalMetrics(o: { conn: TSshConnection | null; runId: string; outputDir: string; summary: TEngineSummary | null;
  keepVerdict: boolean;
  /** Texts the caller already read (an import knows from its find which files exist): null = not there, undefined = read it here. */
  prefetched?: { trainerState?: string | null; allResults?: string | null } }): Promise<void> {
  const dir = o.outputDir.replace(/\/+$/, "");
  const pre = o.prefetched ?? {};
  const state = pre.trainerState !== undefined ? relaxedJsonObject(pre.trainerState) : o.conn ? await readJson(o.conn, `${dir}/trainer_state.json`).catch(() => null) : null;
  const all = pre.allResults !== undefined ? relaxedJsonObject(pre.allResults) : o.conn ? await readJson(o.conn, `${dir}/all_results.json`).catch(() => null) : null;
  // LF's eval/predict outputs (eval_results.json, predict_results.json, generated_predictions.jsonl); a
  // malformed file is named in runs.evaluation.errors, and nothing here may keep the verdict from being written.
  if (o.conn) await ingestEvaluation({ conn: o.conn, runId: o.runId, outputDir: o.outputDir })
    .catch((e: unknown) => log.warn("evaluation files not ingested", { runId: o.runId, error: e instanceof Error ? e.message : String(e) }));
  const trainerState = state ? Object.fromEntries(STATE_KEYS.filter((k) => k in state).map((k) => [k, state[k]])) : null;
  const run = await prisma.run.findUnique({ where: { id: o.runId }, select: { status: true, exitCode: true, errorExcerpt: true, lastStep: true, configYaml: true } });
  // A predict/eval-only run logs progress lines at most (none under 5 prediction steps): nothing for the
  // rules to judge, whatever an empty engine would say ("learning").
  const evalOnly = run ? isEvalOnly(parseRunConfig(run.configYaml)) : false;
  // A failed process is "failed" whatever its (possibly empty) curves say; a NaN verdict already explains it.
  const crashed = run?.status === "FAILED" && o.summary?.verdict !== "failed"
    ? describeProcessFailure({ exitCode: run.exitCode, errorExcerpt: run.errorExcerpt, lastStep: run.lastStep }) : null;
  const base = evalOnly && o.summary ? { ...o.summary, ...NOT_JUDGEABLE } : o.summary;
  const s = crashed && base ? { ...base, ...crashed } : base;
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
