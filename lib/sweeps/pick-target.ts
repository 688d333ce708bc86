// Which of the sweep's targets (host + GPUs) the next trial goes to: the one with the fewest live
// trials of this sweep, the first listed on a tie. Other runs on those GPUs are the GPU queue's business.
export type TTarget = { hostId: string; gpuIndices: number[] };

const key = (t: TTarget) => `${t.hostId}|${[...t.gpuIndices].sort((a, b) => a - b).join(",")}`;

export function pickTarget(targets: TTarget[], live: TTarget[]): TTarget {
  const load = new Map<string, number>();
  for (const t of live) load.set(key(t), (load.get(key(t)) ?? 0) + 1);
  let best = targets[0]!;
  for (const t of targets) if ((load.get(key(t)) ?? 0) < (load.get(key(best)) ?? 0)) best = t;
  return { hostId: best.hostId, gpuIndices: [...best.gpuIndices] };
}
