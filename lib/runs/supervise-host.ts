// One supervision pass over a host: a single exec reports, for every live run on it, how many
// processes of its group are alive and whether the exit_code file exists. Runs that ended move to
// SUCCEEDED/FAILED; a host that does not answer marks its runs UNREACHABLE until it answers again.
import { prisma, type Prisma } from "@/lib/db";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import { failureExcerpt } from "@/lib/rules/process-failure";
import { tailCommand } from "@/lib/runs/remote-commands";
import { sshExecutor } from "@/lib/executors/ssh-executor";
import { handleOf } from "@/lib/executors";
import { HOST_CONNECT } from "@/lib/runs/run-host";
import { multiNodeStatus, superviseMultiNode } from "@/lib/runs/multi-node/supervise-nodes";
import type { TRunState } from "@/lib/executors/contract";
import { addRunEvent } from "@/lib/runs/run-events";
import { finishRun } from "@/lib/runs/finish-run";
import { createLogger } from "@/lib/logger";
import { shQuote } from "@/lib/ssh/quote";
import type { TSshConnection } from "@/lib/ssh/connect";
import { assertFencePrisma, LeaseLostError, type TLeaseFence } from "@/lib/fleet/fence";

const log = createLogger("SUPERVISOR");

/** With `fence` (the worker's lease on the host) every status transition is refused once the host moved on. */
export async function superviseHost(o: { hostId: string; fence?: TLeaseFence }): Promise<void> {
  try {
    await superviseFenced(o);
  } catch (e) {
    if (!(e instanceof LeaseLostError)) throw e;
    log.info("supervision stopped: the host's lease moved to another worker", { hostId: o.hostId });
  }
}

/** Runs fn in a transaction that first checks the fence (or plainly, without one). */
async function fenced<T>(fence: TLeaseFence | undefined, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    if (fence) await assertFencePrisma(tx, fence);
    return fn(tx);
  });
}

async function superviseFenced(o: { hostId: string; fence?: TLeaseFence }): Promise<void> {
  const host = await prisma.host.findUnique({ where: { id: o.hostId } });
  if (!host) return;
  const runs = await prisma.run.findMany({
    where: { hostId: host.id, executor: "SSH", status: { in: ["RUNNING", "UNREACHABLE", "STOPPING"] }, remotePgid: { not: null } },
    select: { id: true, name: true, status: true, outputDir: true, remotePgid: true, origin: true, startedAt: true, executor: true, slurmJobId: true,
      masterAddr: true, masterPort: true, nodeFailedAt: true, nodes: { orderBy: { rank: "asc" }, include: { host: { select: HOST_CONNECT } } } },
  });
  if (runs.length === 0) return;
  let status: Map<string, TRunState>;
  try {
    await getHostConnection(host, { timeoutMs: 6_000 });
    status = await sshExecutor(host).status(runs.filter((x) => x.nodes.length <= 1).flatMap((x) => handleOf(x) ?? []));
    // A multi-node run: rank 0's host answered; the other nodes are asked on their own hosts.
    for (const run of runs.filter((x) => x.nodes.length > 1)) {
      const st = await multiNodeStatus(run, host);
      if (st) status.set(run.id, st);
    }
  } catch (e) {
    dropHostConnection(host.id);
    await markUnreachable(host.id, host.name, (e as Error).message, runs.filter((x) => x.status === "RUNNING").map((x) => x.id), o.fence);
    return;
  }
  if (host.status !== "ONLINE" || host.lastError)
    await prisma.host.update({ where: { id: host.id }, data: { status: "ONLINE", lastError: null, lastSeenAt: new Date() } });
  else await prisma.host.update({ where: { id: host.id }, data: { lastSeenAt: new Date() } });

  for (const run of runs) {
    const s = status.get(run.id);
    if (!s) continue;
    if (run.status === "UNREACHABLE") {
      await fenced(o.fence, async (tx) => {
        const back = await tx.run.updateMany({ where: { id: run.id, status: "UNREACHABLE" }, data: { status: "RUNNING" } });
        if (back.count) await addRunEvent({ runId: run.id, type: "HOST_BACK", message: `${host.name} answers again` }, tx);
      });
    }
    if (run.nodes.length > 1) {
      await superviseMultiNode(run, host, s, o.fence);
      continue;
    }
    // STOPPING runs are finished by the kill ladder, which also proves the group is gone.
    if (run.status === "STOPPING" || s.phase !== "ended") continue;
    if (s.exitCode === 0) {
      await finishRun({ runId: run.id, status: "SUCCEEDED", message: "Finished (exit code 0)", exitCode: 0, from: ["RUNNING", "UNREACHABLE"], fence: o.fence });
      continue;
    }
    const conn = await getHostConnection(host).catch(() => null);
    if (run.origin === "ADOPTED" && s.exitCode === null && conn && (await finishedAdopted(conn, run, o.fence))) continue;
    // A wide tail: under torchrun the worker's exception sits above the ChildFailedError and launcher tracebacks.
    const tail = conn ? (await conn.exec(tailCommand(run.outputDir, 200, 32_000), { timeoutMs: 10_000 }).catch(() => null))?.stdout ?? "" : "";
    const { line, excerpt } = failureExcerpt(tail);
    const message =
      s.exitCode === null && run.origin === "ADOPTED"
        ? "The adopted process ended without writing train_results.json (it failed, or was stopped outside Factory Floor; its exit code is not known)"
        : s.exitCode === null
        ? "The training process ended without writing an exit code (killed outside Factory Floor, or the host rebooted)"
        : `Failed with exit code ${s.exitCode}${s.exitCode > 128 ? ` (signal ${s.exitCode - 128})` : ""}${line ? `: ${line}` : ""}`;
    await finishRun({ runId: run.id, status: "FAILED", message, exitCode: s.exitCode, errorExcerpt: s.exitCode === null ? [message, excerpt].filter(Boolean).join("\n\n") : excerpt || message, from: ["RUNNING", "UNREACHABLE"], fence: o.fence });
  }
}

/**
 * A hand-started process writes no exit_code file. The Trainer writes train_results.json only after
 * training completed (save_metrics after train()), so one newer than the adoption means success.
 */
async function finishedAdopted(conn: TSshConnection, run: { id: string; outputDir: string; startedAt: Date | null }, fence?: TLeaseFence): Promise<boolean> {
  const r = await conn.exec(`stat -c %Y -- ${shQuote(run.outputDir)}/train_results.json 2>/dev/null`, { timeoutMs: 10_000 }).catch(() => null);
  const mtime = Number(r?.stdout.trim());
  if (!r || !Number.isFinite(mtime) || mtime <= 0 || mtime * 1000 < (run.startedAt?.getTime() ?? 0) - 60_000) return false;
  return finishRun({ runId: run.id, status: "SUCCEEDED", message: "Finished: the adopted process exited after writing train_results.json (its exit code is not known to Factory Floor)", exitCode: null, from: ["RUNNING", "UNREACHABLE"], fence });
}

export async function markUnreachable(hostId: string, hostName: string, why: string, runningIds: string[], fence?: TLeaseFence): Promise<void> {
  // Fenced: a worker that was paused sees its SSH calls time out on waking; that is no news about the host.
  await fenced(fence, async (tx) => {
    await tx.host.update({ where: { id: hostId }, data: { status: "UNREACHABLE", lastError: why.slice(0, 500) } });
    for (const runId of runningIds) {
      const r = await tx.run.updateMany({ where: { id: runId, status: "RUNNING" }, data: { status: "UNREACHABLE" } });
      if (r.count) await addRunEvent({ runId, type: "HOST_UNREACHABLE", message: `${hostName} does not answer: ${why}` }, tx);
    }
  });
  if (runningIds.length) log.warn("host unreachable", { hostId, why });
}
