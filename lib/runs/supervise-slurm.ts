// One supervision pass over a Slurm cluster: one exec on the login node reports every live job of
// ours (scontrol) and the partition's pending order (squeue). A PENDING job keeps its run STARTING
// with Slurm's queue position and reason; RUNNING moves it to RUNNING; a final state finishes it, the
// wall clock's end included ("stopped by the cluster's time limit", resumable from its checkpoint).
import { prisma } from "@/lib/db";
import { HOST_CONNECT } from "@/lib/runs/run-host";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import { failureExcerpt } from "@/lib/rules/process-failure";
import { tailCommand } from "@/lib/runs/remote-commands";
import { addRunEvent } from "@/lib/runs/run-events";
import { finishRun } from "@/lib/runs/finish-run";
import { markUnreachable } from "@/lib/runs/supervise-host";
import { executorFor, handleOf } from "@/lib/executors";
import type { TRunState } from "@/lib/executors/contract";

export const TIME_LIMIT_MESSAGE = "Stopped by the cluster's time limit";

export async function superviseSlurm(o: { clusterId: string }): Promise<void> {
  const cluster = await prisma.slurmCluster.findUnique({
    where: { id: o.clusterId },
    include: { loginHost: { select: { ...HOST_CONNECT, status: true, lastError: true } } },
  });
  if (!cluster) return;
  const host = cluster.loginHost;
  const runs = await prisma.run.findMany({
    where: { slurmClusterId: cluster.id, executor: "SLURM", status: { in: ["STARTING", "RUNNING", "UNREACHABLE", "STOPPING"] }, slurmJobId: { not: null } },
    select: { id: true, name: true, status: true, outputDir: true, remotePgid: true, executor: true, slurmJobId: true, slurmState: true, queueReason: true, queuePosition: true },
  });
  if (runs.length === 0) return;
  let status: Map<string, TRunState>;
  try {
    await getHostConnection(host, { timeoutMs: 6_000 });
    status = await executorFor({ executor: "SLURM", host, cluster }).status(runs.flatMap((r) => handleOf(r) ?? []));
  } catch (e) {
    dropHostConnection(host.id);
    await markUnreachable(host.id, host.name, (e as Error).message, runs.filter((x) => x.status === "RUNNING").map((x) => x.id));
    return;
  }
  if (host.status !== "ONLINE" || host.lastError) await prisma.host.update({ where: { id: host.id }, data: { status: "ONLINE", lastError: null, lastSeenAt: new Date() } });

  for (const run of runs) {
    const s = status.get(run.id);
    if (!s) continue;
    if (s.native !== run.slurmState || s.queueReason !== run.queueReason || s.queuePosition !== run.queuePosition)
      await prisma.run.update({ where: { id: run.id }, data: { slurmState: s.native, queueReason: s.queueReason, queuePosition: s.queuePosition } });
    if (run.status === "UNREACHABLE") {
      const back = await prisma.run.updateMany({ where: { id: run.id, status: "UNREACHABLE" }, data: { status: "RUNNING" } });
      if (back.count) await addRunEvent({ runId: run.id, type: "HOST_BACK", message: `${host.name} answers again` });
    }
    if (run.status === "STOPPING") continue; // the kill ladder finishes it, with Slurm's proof
    if (s.phase === "pending") continue;
    if (s.phase === "running" && run.status === "STARTING") {
      const started = await prisma.run.updateMany({ where: { id: run.id, status: "STARTING" }, data: { status: "RUNNING", startedAt: new Date() } });
      if (started.count === 1)
        await addRunEvent({ runId: run.id, type: "STARTED", message: `Started on ${cluster.name}${s.node ? ` node ${s.node}` : ""} (Slurm job ${run.slurmJobId})`, data: { jobId: run.slurmJobId, node: s.node } });
      continue;
    }
    if (s.phase !== "ended") continue;
    const from = ["STARTING", "RUNNING", "UNREACHABLE"] as const;
    const job = `Slurm job ${run.slurmJobId} ${s.native}`;
    if (s.timeLimit !== "none") {
      const how = s.timeLimit === "warned" ? "LF saved a checkpoint on the warning signal and stopped" : "Slurm ended it at the wall clock before LF finished saving";
      await finishRun({ runId: run.id, status: "STOPPED", message: `${TIME_LIMIT_MESSAGE} (${how}; ${job}). Resume continues from the last checkpoint.`, exitCode: s.exitCode, from });
      continue;
    }
    if (s.native === "COMPLETED" && s.exitCode === 0) {
      await finishRun({ runId: run.id, status: "SUCCEEDED", message: `Finished (exit code 0, ${job})`, exitCode: 0, from });
      continue;
    }
    const conn = await getHostConnection(host).catch(() => null);
    const tail = conn ? (await conn.exec(tailCommand(run.outputDir, 200, 32_000), { timeoutMs: 10_000 }).catch(() => null))?.stdout ?? "" : "";
    const { line, excerpt } = failureExcerpt(tail);
    const message =
      s.native === "GONE" ? `${job}: the controller forgot the job before its final state was read`
      : s.native === "CANCELLED" ? `${job}: cancelled outside Factory Floor (scancel or an administrator)`
      : `Failed with exit code ${s.exitCode ?? "unknown"} (${job})${line ? `: ${line}` : ""}`;
    await finishRun({ runId: run.id, status: "FAILED", message, exitCode: s.exitCode, errorExcerpt: excerpt || message, from });
  }
}
