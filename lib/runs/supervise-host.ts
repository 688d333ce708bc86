// One supervision pass over a host: a single exec reports, for every live run on it, how many
// processes of its group are alive and whether the exit_code file exists. Runs that ended move to
// SUCCEEDED/FAILED; a host that does not answer marks its runs UNREACHABLE until it answers again.
import { prisma } from "@/lib/db";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import { failureExcerpt } from "@/lib/rules/process-failure";
import { tailCommand } from "@/lib/runs/remote-commands";
import { sshExecutor } from "@/lib/executors/ssh-executor";
import { handleOf } from "@/lib/executors";
import type { TRunState } from "@/lib/executors/contract";
import { addRunEvent } from "@/lib/runs/run-events";
import { finishRun } from "@/lib/runs/finish-run";
import { createLogger } from "@/lib/logger";

const log = createLogger("SUPERVISOR");

export async function superviseHost(o: { hostId: string }): Promise<void> {
  const host = await prisma.host.findUnique({ where: { id: o.hostId } });
  if (!host) return;
  const runs = await prisma.run.findMany({
    where: { hostId: host.id, executor: "SSH", status: { in: ["RUNNING", "UNREACHABLE", "STOPPING"] }, remotePgid: { not: null } },
    select: { id: true, name: true, status: true, outputDir: true, remotePgid: true, executor: true, slurmJobId: true },
  });
  if (runs.length === 0) return;
  let status: Map<string, TRunState>;
  try {
    await getHostConnection(host, { timeoutMs: 6_000 });
    status = await sshExecutor(host).status(runs.flatMap((x) => handleOf(x) ?? []));
  } catch (e) {
    dropHostConnection(host.id);
    await markUnreachable(host.id, host.name, (e as Error).message, runs.filter((x) => x.status === "RUNNING").map((x) => x.id));
    return;
  }
  if (host.status !== "ONLINE" || host.lastError)
    await prisma.host.update({ where: { id: host.id }, data: { status: "ONLINE", lastError: null, lastSeenAt: new Date() } });
  else await prisma.host.update({ where: { id: host.id }, data: { lastSeenAt: new Date() } });

  for (const run of runs) {
    const s = status.get(run.id);
    if (!s) continue;
    if (run.status === "UNREACHABLE") {
      const back = await prisma.run.updateMany({ where: { id: run.id, status: "UNREACHABLE" }, data: { status: "RUNNING" } });
      if (back.count) await addRunEvent({ runId: run.id, type: "HOST_BACK", message: `${host.name} answers again` });
    }
    // STOPPING runs are finished by the kill ladder, which also proves the group is gone.
    if (run.status === "STOPPING" || s.phase !== "ended") continue;
    if (s.exitCode === 0) {
      await finishRun({ runId: run.id, status: "SUCCEEDED", message: "Finished (exit code 0)", exitCode: 0, from: ["RUNNING", "UNREACHABLE"] });
      continue;
    }
    const conn = await getHostConnection(host).catch(() => null);
    // A wide tail: under torchrun the worker's exception sits above the ChildFailedError and launcher tracebacks.
    const tail = conn ? (await conn.exec(tailCommand(run.outputDir, 200, 32_000), { timeoutMs: 10_000 }).catch(() => null))?.stdout ?? "" : "";
    const { line, excerpt } = failureExcerpt(tail);
    const message =
      s.exitCode === null
        ? "The training process ended without writing an exit code (killed outside Factory Floor, or the host rebooted)"
        : `Failed with exit code ${s.exitCode}${s.exitCode > 128 ? ` (signal ${s.exitCode - 128})` : ""}${line ? `: ${line}` : ""}`;
    await finishRun({ runId: run.id, status: "FAILED", message, exitCode: s.exitCode, errorExcerpt: s.exitCode === null ? [message, excerpt].filter(Boolean).join("\n\n") : excerpt || message, from: ["RUNNING", "UNREACHABLE"] });
  }
}

export async function markUnreachable(hostId: string, hostName: string, why: string, runningIds: string[]): Promise<void> {
  await prisma.host.update({ where: { id: hostId }, data: { status: "UNREACHABLE", lastError: why.slice(0, 500) } });
  for (const runId of runningIds) {
    const r = await prisma.run.updateMany({ where: { id: runId, status: "RUNNING" }, data: { status: "UNREACHABLE" } });
    if (r.count) await addRunEvent({ runId, type: "HOST_UNREACHABLE", message: `${hostName} does not answer: ${why}` });
  }
  if (runningIds.length) log.warn("host unreachable", { hostId, why });
}
