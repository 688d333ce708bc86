// A multi-node handle's groups go onto the run_nodes rows, so a later worker can find every node's processes.
import { prisma } from "@/lib/db";
import type { TRunHandle } from "@/lib/executors/contract";

export async function recordNodeGroups(runId: string, h: TRunHandle): Promise<void> {
  if (h.executor !== "SSH" || !h.nodes) return;
  await prisma.$transaction(h.nodes.filter((n) => n.pgid > 1).map((n) =>
    prisma.runNode.update({ where: { runId_rank: { runId, rank: n.rank } }, data: { remotePgid: n.pgid } })));
}
