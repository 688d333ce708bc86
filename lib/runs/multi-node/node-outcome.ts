// What the nodes' states mean for the run. A node that ends badly (non-zero exit, or gone without an
// exit code: the machine died, or its group was killed outside) fails the whole run even while the
// others still run: torch's collectives on the survivors would wait for it (NCCL's default timeout is
// 30 min), so the supervisor stops them. A node that ended with 0 while others still run is a node
// that finished first; the run waits for the rest.
export type TNodeState = { rank: number; host: string; phase: "running" | "ended" | "unknown" | "pending"; exitCode: number | null; endedAt?: number };
export type TNodeOutcome =
  | { kind: "running" }
  | { kind: "ended"; exitCode: number | null; failed: TNodeState | null }
  | { kind: "node-failed"; failed: TNodeState; survivors: number[] };

const bad = (n: TNodeState) => n.phase === "ended" && n.exitCode !== 0;

/**
 * The failure to report is the cause, not its victims: the node seen ended first (the survivors were
 * stopped after it, or failed of its absence). Among nodes seen ending at once, one gone without an exit
 * code (a dead machine) caused the others' network errors; then a rank other than 0.
 */
function firstFailure(nodes: TNodeState[]): TNodeState | null {
  const failed = nodes.filter(bad);
  if (!failed.length) return null;
  const when = (n: TNodeState) => n.endedAt ?? Number.POSITIVE_INFINITY;
  const score = (n: TNodeState) => (n.exitCode === null ? 0 : n.rank !== 0 ? 1 : 2);
  return [...failed].sort((a, b) => when(a) - when(b) || score(a) - score(b) || a.rank - b.rank)[0]!;
}

export function nodeOutcome(nodes: TNodeState[]): TNodeOutcome {
  if (nodes.length === 0) return { kind: "running" };
  const failed = firstFailure(nodes);
  const live = nodes.filter((n) => n.phase !== "ended");
  if (live.length === 0) {
    const rank0 = nodes.find((n) => n.rank === 0);
    return { kind: "ended", exitCode: failed ? failed.exitCode : (rank0?.exitCode ?? 0), failed };
  }
  if (failed) return { kind: "node-failed", failed, survivors: live.map((n) => n.rank) };
  return { kind: "running" };
}

export function describeNodeEnd(n: TNodeState): string {
  return n.exitCode === null
    ? `node ${n.rank} (${n.host}) is gone without an exit code (the machine died, or its processes were killed outside Factory Floor)`
    : `node ${n.rank} (${n.host}) exited with code ${n.exitCode}${n.exitCode > 128 ? ` (signal ${n.exitCode - 128})` : ""}`;
}
