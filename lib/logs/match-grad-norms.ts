// Attaching console grad_norm values to trainer_log train points.
//
// Rule: both streams list the train logs in the same order (the Trainer prints the dict and
// LogCallback writes the jsonl line from the same on_log call). We walk them together. A console
// TRAIN record matches a train point when their losses agree to the console's printed precision
// (Trainer 5.x prints 4 significant digits) and, when both have one, their epochs agree too. If the
// next few records do not match (a console that starts late, lost lines, a resumed run whose console
// is a new file) the point gets null and the walk keeps its place, so one gap never shifts every
// later grad_norm onto the wrong step. After a resume the jsonl repeats steps; matching by order
// within the walk pairs each repeat with the repeat printed to the console.
import type { TConsoleRecord } from "./parse-console";

export type TGradNormTarget = { loss: number | null; epoch: number | null };

/** How many console records past the cursor may be searched before a point is declared unmatched. */
export const GRAD_NORM_LOOKAHEAD = 8;
const LOOKAHEAD = GRAD_NORM_LOOKAHEAD;
const REL_TOL = 1e-3;

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

type TLossEpoch = { loss: number | null; epoch: number | null };

/** The one matching rule for a train point and a printed console dict (shared with the live poller). */
export function gradRecordMatches(p: TLossEpoch, r: TLossEpoch): boolean {
  if (p.loss === null || r.loss === null || !close(p.loss, r.loss)) return false;
  return p.epoch === null || r.epoch === null || close(p.epoch, r.epoch);
}

/** grad_norm for each train point (same order as `points`), or null where no console record matches. */
export function matchGradNorms(points: readonly TGradNormTarget[], records: readonly TConsoleRecord[]): (number | null)[] {
  const train = records.filter((r) => r.kind === "TRAIN");
  const out: (number | null)[] = [];
  let cursor = 0;
  for (const p of points) {
    let found = -1;
    for (let j = cursor; j < train.length && j < cursor + LOOKAHEAD; j++) {
      if (gradRecordMatches(p, train[j]!)) { found = j; break; }
    }
    if (found === -1) { out.push(null); continue; }
    out.push(train[found]!.gradNorm);
    cursor = found + 1;
  }
  return out;
}
