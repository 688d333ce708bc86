// The best trial: the lowest finite eval loss any of its evaluations reached (a pruned trial counts: its
// best checkpoint is kept). Ties go to the earlier trial.
import type { TCurvePoint } from "@/lib/sweeps/cross-trial-stopper";

export function minEvalLoss(curve: TCurvePoint[]): number | null {
  const xs = curve.map((p) => p.evalLoss).filter((v) => Number.isFinite(v));
  return xs.length ? Math.min(...xs) : null;
}

export function bestTrial<T extends { index: number; best: number | null }>(trials: T[]): T | undefined {
  let best: T | undefined;
  for (const t of trials) {
    if (t.best === null) continue;
    if (!best || t.best < best.best! || (t.best === best.best && t.index < best.index)) best = t;
  }
  return best;
}
