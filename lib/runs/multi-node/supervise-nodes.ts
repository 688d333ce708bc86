// Supervision of one multi-node run (called by superviseHost for rank 0's host): every node's group is
// checked on its own host. All ended: the run succeeded only if every node exited 0. One node ended
// badly while others run: that node fails the run; the survivors get SIGTERM at once and SIGKILL 10 s
// later (durable: Run.nodeFailedAt), and the run is finished when the last node is proven gone.
import { prisma } from "@/lib/db";
import { getHostConnection } from "@/lib/ssh/host-pool";
import { executorFor, handleOf, type TRunNodeRow } from "@/lib/executors";
import { tailCommand } from "@/lib/runs/remote-commands";
import { failureExcerpt } from "@/lib/rules/process-failure";
import { addRunEvent } from "@/lib/runs/run-events";
import { finishRun } from "@/lib/runs/finish-run";
import { describeNodeEnd, nodeOutcome, type TNodeState } from "@/lib/runs/multi-node/node-outcome";
import type { TLeaseFence } from "@/lib/fleet/fence";
import type { TRunState } from "@/lib/executors/contract";

const SURVIVOR_KILL_AFTER_MS = 10_000;

export type TMultiRun = {
  id: string; status: string; outputDir: string; remotePgid: number | null; slurmJobId: string | null; executor: "SSH" | "SLURM";
  masterAddr: string | null; masterPort: number | null; nodeFailedAt: Date | null; nodes: (TRunNodeRow & { endedAt: Date | null })[];
};

export async function multiNodeStatus(run: TMultiRun, host: TRunNodeRow["host"]): Promise<TRunState | null> {
  const h = handleOf(run);
  if (!h) return null;
  return (await executorFor({ executor: "SSH", host, multi: run }).status([h])).get(run.id) ?? null;
}

/**
 * Records the nodes first seen ended in this pass and returns every node with the time it was first seen
 * ended (from the run's rows, or now). One time for the pass: nodes seen ending together tie, and the
 * tie-break names the cause.
 */
async function recordEnds(run: TMultiRun, nodes: TNodeState[]): Promise<TNodeState[]> {
  const now = new Date();
  const seen = new Map(run.nodes.map((n) => [n.rank, n.endedAt]));
  for (const n of nodes.filter((x) => x.phase === "ended" && !seen.get(x.rank))) {
    await prisma.runNode.updateMany({ where: { runId: run.id, rank: n.rank, endedAt: null },
      data: { endedAt: now, exitCode: n.exitCode, endNote: describeNodeEnd(n) } });
    seen.set(n.rank, now);
  }
  return nodes.map((n) => ({ ...n, endedAt: seen.get(n.rank)?.getTime() }));
}

async function tailOf(node: TRunNodeRow): Promise<string> {
  const c = await getHostConnection(node.host).catch(() => null);
  return c ? (await c.exec(tailCommand(node.outputDir, 200, 32_000), { timeoutMs: 10_000 }).catch(() => null))?.stdout ?? "" : "";
}

/** Acts on a multi-node run's status; returns without writing when nothing changed. */
export async function superviseMultiNode(run: TMultiRun, host: TRunNodeRow["host"], s: TRunState, fence?: TLeaseFence): Promise<void> {
  if (!s.nodes) return;
  // When each node was first seen ended orders cause and victims.
  const nodes = await recordEnds(run, s.nodes);
  if (run.status === "STOPPING") return; // the kill ladder covers every node and proves them gone
  const o = nodeOutcome(nodes);
  if (o.kind === "running") return;
  const h = handleOf(run)!;
  const ex = executorFor({ executor: "SSH", host, multi: run });
  if (o.kind === "node-failed") {
    if (!run.nodeFailedAt) {
      const first = await prisma.run.updateMany({ where: { id: run.id, nodeFailedAt: null }, data: { nodeFailedAt: new Date() } });
      if (!first.count) return;
      const survivors = o.survivors.map((r) => `node ${r} (${run.nodes.find((n) => n.rank === r)?.host.name})`).join(", ");
      await addRunEvent({ runId: run.id, type: "ERROR", message: `${describeNodeEnd(o.failed)} while the other nodes ran; stopping ${survivors} (SIGTERM, SIGKILL after ${SURVIVOR_KILL_AFTER_MS / 1000} s)`, data: { rank: o.failed.rank, exitCode: o.failed.exitCode } });
      await addRunEvent({ runId: run.id, type: "SIGNAL_SENT", message: await ex.signal(h, "TERM"), data: { stage: "NODE_FAILED_TERM" } });
    } else if (Date.now() - run.nodeFailedAt.getTime() > SURVIVOR_KILL_AFTER_MS) {
      await addRunEvent({ runId: run.id, type: "SIGNAL_SENT", message: await ex.signal(h, "KILL"), data: { stage: "NODE_FAILED_KILL" } });
    }
    return;
  }
  if (!o.failed && o.exitCode === 0) {
    await finishRun({ runId: run.id, status: "SUCCEEDED", message: `Finished on all ${nodes.length} nodes (exit code 0)`, exitCode: 0, from: ["RUNNING", "UNREACHABLE"], fence });
    return;
  }
  const failedNode = run.nodes.find((n) => n.rank === o.failed?.rank) ?? run.nodes[0]!;
  // The failed node's own output names the cause; a node that died wrote nothing more, and rank 0's
  // console then shows what its absence did.
  let { line, excerpt } = failureExcerpt(await tailOf(failedNode));
  let from = "";
  if (!line && failedNode.rank !== 0) {
    ({ line, excerpt } = failureExcerpt(await tailOf(run.nodes[0]!)));
    if (line) from = "; node 0 then failed with";
  }
  const why = o.failed ? describeNodeEnd(o.failed) : `rank 0 exited with code ${o.exitCode}`;
  const message = `Failed: ${why}${line ? `${from || ":"} ${line}` : ""}`;
  await finishRun({ runId: run.id, status: "FAILED", message, exitCode: o.exitCode, errorExcerpt: [`${why} (${failedNode.host.name}:${failedNode.outputDir}/console.log)`, excerpt].filter(Boolean).join("\n\n"), from: ["RUNNING", "UNREACHABLE"], fence });
}
