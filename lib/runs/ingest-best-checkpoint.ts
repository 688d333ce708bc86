// Keeps the best checkpoint safe from save_total_limit rotation: a hard-linked copy
// `best-checkpoint-N` (no extra disk for the weights; HF's rotation only globs `checkpoint-*`, and
// LLaMA-Factory's resume regex is anchored at `checkpoint-`). The previous best copy is removed only
// after the new one is complete.
import { parse as parseYaml } from "yaml";
import { prisma } from "@/lib/db";
import { shQuote } from "@/lib/ssh/quote";
import type { TSshConnection } from "@/lib/ssh/connect";
import { addRunEvent } from "@/lib/runs/run-events";

/** save_steps from the run's YAML (HF default 500); null when the run saves no step checkpoints. */
export function saveStepsOf(configYaml: string): number | null {
  let cfg: Record<string, unknown> = {};
  try {
    const v = parseYaml(configYaml) as unknown;
    if (v && typeof v === "object") cfg = v as Record<string, unknown>;
  } catch {
    return null;
  }
  const strategy = String(cfg.save_strategy ?? "steps");
  if (strategy !== "steps") return null;
  const s = Number(cfg.save_steps ?? 500);
  return Number.isFinite(s) && s > 0 ? s : null;
}

export function protectCheckpointCommand(dir: string, step: number): string {
  const n = Math.trunc(step);
  if (!Number.isInteger(n) || n < 0) throw new Error(`bad checkpoint step ${step}`);
  return [
    `cd -- ${shQuote(dir)} || exit 3`,
    `N=${n}`,
    `if [ -d "best-checkpoint-$N" ]; then echo HAVE; exit 0; fi`,
    // trainer_state.json is written last into a checkpoint: without it the save is still running.
    `[ -f "checkpoint-$N/trainer_state.json" ] || { echo MISSING; exit 0; }`,
    `rm -rf -- "best-checkpoint-$N.tmp" && cp -al -- "checkpoint-$N" "best-checkpoint-$N.tmp" && mv -- "best-checkpoint-$N.tmp" "best-checkpoint-$N" || exit 4`,
    `for d in best-checkpoint-*; do [ "$d" = "best-checkpoint-$N" ] || rm -rf -- "$d"; done`,
    `echo OK`,
  ].join("\n");
}

/** Returns true once the copy exists (now or before), false while the checkpoint is not saved yet. */
export async function protectBestCheckpoint(o: { conn: TSshConnection; runId: string; outputDir: string; checkpointStep: number;
  bestStep: number; bestEvalLoss: number | null }): Promise<boolean> {
  const r = await o.conn.exec(protectCheckpointCommand(o.outputDir, o.checkpointStep), { timeoutMs: 60_000 });
  const out = r.stdout.trim();
  if (out === "MISSING") return false;
  if (out !== "OK" && out !== "HAVE") throw new Error(`protecting checkpoint-${o.checkpointStep} failed (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`);
  const path = `${o.outputDir.replace(/\/+$/, "")}/best-checkpoint-${o.checkpointStep}`;
  const finite = o.bestEvalLoss !== null && Number.isFinite(o.bestEvalLoss) ? o.bestEvalLoss : null;
  await prisma.run.update({ where: { id: o.runId }, data: { bestStep: o.bestStep, bestEvalLoss: finite, bestCheckpoint: path } });
  if (out === "OK") {
    await addRunEvent({ runId: o.runId, type: "BEST_CHECKPOINT", message: `Best checkpoint protected: ${path} (best step ${o.bestStep}${finite === null ? "" : `, eval loss ${finite.toPrecision(4)}`})`, data: { step: o.checkpointStep, bestStep: o.bestStep, path } });
  }
  return true;
}
