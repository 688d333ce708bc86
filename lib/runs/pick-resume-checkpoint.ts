// Which checkpoint folder "Resume" continues from. The poller keeps the best checkpoint as a
// hard-linked `best-checkpoint-N` (rotation only deletes `checkpoint-*`), so by the time a run is
// resumed its `checkpoint-N` is usually gone and only the protected copy holds the best weights.
import path from "node:path";
import { shQuote } from "@/lib/ssh/quote";

export const CHECKPOINT_NAME = /^(best-)?checkpoint-(\d+)$/;

/** Complete checkpoint folders (trainer_state.json is written last), `checkpoint-*` and `best-checkpoint-*`. */
export function listResumableCommand(dir: string): string {
  return `cd -- ${shQuote(dir)} 2>/dev/null && for d in checkpoint-* best-checkpoint-*; do [ -f "$d/trainer_state.json" ] && echo "$d"; done; true`;
}

export function parseResumable(stdout: string): string[] {
  const names = stdout.split("\n").map((l) => l.trim()).filter((l) => CHECKPOINT_NAME.test(l));
  const step = (n: string) => Number(CHECKPOINT_NAME.exec(n)![2]);
  return [...new Set(names)].sort((a, b) => step(a) - step(b) || a.localeCompare(b));
}

/**
 * An explicit request wins (it must exist). Otherwise the protected best copy the run points at,
 * then the plain `checkpoint-N` of that step if it is still there, then the latest `checkpoint-N`.
 * Returns null when nothing is resumable.
 */
export function pickResumeCheckpoint(o: { available: string[]; bestCheckpoint: string | null; requested?: string }): string | null {
  if (o.requested !== undefined) return o.available.includes(o.requested) ? o.requested : null;
  const best = o.bestCheckpoint ? path.posix.basename(o.bestCheckpoint.replace(/\/+$/, "")) : null;
  const m = best ? CHECKPOINT_NAME.exec(best) : null;
  if (best && m) {
    if (o.available.includes(best)) return best;
    const plain = `checkpoint-${m[2]}`;
    if (o.available.includes(plain)) return plain;
  }
  const plain = o.available.filter((n) => n.startsWith("checkpoint-"));
  return plain.at(-1) ?? o.available.at(-1) ?? null;
}
