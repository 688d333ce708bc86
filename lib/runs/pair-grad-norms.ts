// Incremental pairing of trainer_log train points with the console's printed dicts (grad_norm is
// only in the console). Both streams list train logs in the same order, but either can lag the
// other by a poll, so unmatched points wait until enough console records have arrived to be sure
// there is no match (then they keep a null grad norm and the walk moves on). The matching rule itself
// is the offline one in lib/logs/match-grad-norms.ts.
import { GRAD_NORM_LOOKAHEAD, gradRecordMatches as matches } from "@/lib/logs/match-grad-norms";

export type TGradPoint = { offset: number; loss: number | null; epoch: number | null };
export type TGradRecord = { loss: number | null; epoch: number | null; gradNorm: number | null };

const LOOKAHEAD = GRAD_NORM_LOOKAHEAD;

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
