// Incremental pairing of trainer_log train points with the console's printed dicts (grad_norm is
// only in the console). Both streams list train logs in the same order, but either can lag the
// other by a poll, so unmatched points wait until enough console records have arrived to be sure
// there is no match (then they keep a null grad norm and the walk moves on).

export type TGradPoint = { offset: number; loss: number | null; epoch: number | null };
export type TGradRecord = { loss: number | null; epoch: number | null; gradNorm: number | null };

const LOOKAHEAD = 8;
const REL_TOL = 1e-3;

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

function matches(p: TGradPoint, r: TGradRecord): boolean {
  if (p.loss === null || r.loss === null || !close(p.loss, r.loss)) return false;
  return p.epoch === null || r.epoch === null || close(p.epoch, r.epoch);
}

/**
 * Pairs as many pending points as the evidence allows. Mutates nothing: returns the pairs and what
 * stays pending on each side.
 */
export function pairGradNorms(points: readonly TGradPoint[], records: readonly TGradRecord[]): {
  pairs: { offset: number; gradNorm: number }[];
  points: TGradPoint[];
  records: TGradRecord[];
} {
  const pairs: { offset: number; gradNorm: number }[] = [];
  let pi = 0;
  let ri = 0;
  while (pi < points.length) {
    const p = points[pi]!;
    let found = -1;
    for (let j = ri; j < records.length && j < ri + LOOKAHEAD; j++) if (matches(p, records[j]!)) { found = j; break; }
    if (found >= 0) {
      const g = records[found]!.gradNorm;
      if (g !== null) pairs.push({ offset: p.offset, gradNorm: g });
      ri = found + 1;
      pi++;
      continue;
    }
    // Not enough console yet to rule a match out: wait for the next poll.
    if (records.length - ri < LOOKAHEAD) break;
    pi++; // a full lookahead without a match: this point has no printed dict
  }
  return { pairs, points: points.slice(pi), records: records.slice(ri) };
}
