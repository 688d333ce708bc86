// The cross-trial stopper (pure): given every trial's eval-loss curve so far, which still-running trials
// to stop and why. Two policies, as Optuna/Ray Tune users know them:
// - median stopping: a trial whose best eval loss up to its latest eval step s is worse than the median
//   of the other trials' best up to s (among those that reached s), once enough of them did;
// - ASHA-style successive halving: rungs at minStep, minStep·eta, minStep·eta², ...; at a rung, a trial
//   continues only while it ranks in the top 1/eta of every trial that reached that rung (its best eval
//   loss up to the rung step), once enough did.
// NaN/Inf eval losses count as the worst possible value, so a blown-up trial is always behind.
import type { TStopper } from "@/lib/sweeps/spec";

export type TCurvePoint = { step: number; evalLoss: number };
export type TStopperTrial = { id: string; active: boolean; curve: TCurvePoint[] };
export type TStopDecision = { trialId: string; rule: "median" | "asha"; step: number; value: number; threshold: number; reason: string };

const worst = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);
const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : "NaN");

export function lastStep(curve: TCurvePoint[]): number | null {
  return curve.length ? Math.max(...curve.map((p) => p.step)) : null;
}

/** The best (lowest) eval loss at or before `step`; null when the trial had no eval by then. */
export function bestUpTo(curve: TCurvePoint[], step: number): number | null {
  let best: number | null = null;
  for (const p of curve) if (p.step <= step) best = best === null ? worst(p.evalLoss) : Math.min(best, worst(p.evalLoss));
  return best;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  if (s.length % 2) return s[m]!;
  const lo = s[m - 1]!, hi = s[m]!;
  return Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : hi;
}

/** Values of the trials that reached `step` (their last eval is at or after it), by trial id. */
function valuesAt(trials: TStopperTrial[], step: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of trials) {
    const last = lastStep(t.curve);
    const v = bestUpTo(t.curve, step);
    if (last !== null && last >= step && v !== null) out.set(t.id, v);
  }
  return out;
}

export function ashaRungs(minStep: number, eta: number, upTo: number): number[] {
  const out: number[] = [];
  for (let s = minStep; s <= upTo; s *= eta) out.push(s);
  return out;
}

export function decideStops(stopper: TStopper, trials: TStopperTrial[]): TStopDecision[] {
  if (stopper.type === "none") return [];
  const out: TStopDecision[] = [];
  for (const t of trials) {
    if (!t.active) continue;
    const s = lastStep(t.curve);
    if (s === null) continue;
    if (stopper.type === "median") {
      if (s < stopper.warmupSteps) continue;
      const at = valuesAt(trials, s);
      const mine = at.get(t.id);
      at.delete(t.id);
      if (mine === undefined || at.size < stopper.minTrials) continue;
      const med = median([...at.values()]);
      if (mine > med)
        out.push({ trialId: t.id, rule: "median", step: s, value: mine, threshold: med,
          reason: `below the median of ${at.size} trials at step ${s} (best eval loss ${fmt(mine)}, median ${fmt(med)})` });
    } else {
      const rungs = ashaRungs(stopper.minStep, stopper.eta, s);
      if (!rungs.length) continue;
      const k = rungs.length - 1;
      const rungStep = rungs[k]!;
      const at = valuesAt(trials, rungStep);
      const mine = at.get(t.id);
      if (mine === undefined || at.size < stopper.minTrials) continue;
      const keep = Math.max(1, Math.floor(at.size / stopper.eta));
      const rank = 1 + [...at.entries()].filter(([id, v]) => id !== t.id && v < mine).length;
      const cutoff = [...at.values()].sort((a, b) => a - b)[keep - 1]!;
      if (rank > keep)
        out.push({ trialId: t.id, rule: "asha", step: rungStep, value: mine, threshold: cutoff,
          reason: `ASHA rung ${k + 1} (step ${rungStep}): ranked ${rank} of ${at.size}, keeping top ${keep} (best eval loss ${fmt(mine)}, cutoff ${fmt(cutoff)})` });
    }
  }
  return out;
}
