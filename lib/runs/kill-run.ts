// The kill ladder, the same for every executor (lib/executors): SIGABRT to the training processes
// (LF saves and exits when LLAMABOARD_ENABLED), SIGTERM after a grace, then SIGKILL, then the engine's
// own proof that nothing is left (SSH: ps lists no process of the group; Slurm: scontrol shows a
// final job state). Each rung is persisted on Run.killStage first, so a new worker resumes a half-done
// kill (timing included, from killStageAt) instead of starting over.
import { prisma, type KillStage, type StopKind } from "@/lib/db";
import { env } from "@/lib/env";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import { SshError } from "@/lib/ssh/connect";
import { executorFor, handleFields, handleOf } from "@/lib/executors";
import type { TExecutor, TRunHandle } from "@/lib/executors/contract";
import { abortTreeCommand } from "@/lib/runs/remote-commands";
import { loadRunWithHost, multiOf, type TRunWithHost } from "@/lib/runs/run-host";
import { recordNodeGroups } from "@/lib/runs/multi-node/record-node-groups";
import { addRunEvent } from "@/lib/runs/run-events";
import { finishRun } from "@/lib/runs/finish-run";

const FINAL = { KILL: "KILLED", GRACEFUL: "STOPPED", EARLY_STOP: "STOPPED_EARLY" } as const;

/** How long each rung waits for the group to go before escalating. */
export function ladderTimings(kind: StopKind, executor: "SSH" | "SLURM" = "SSH"): { abortMs: number; termMs: number; killMs: number } {
  // Slurm reports a final state only after slurmd has reaped the step and the epilog ran: allow for it.
  if (kind === "KILL") return executor === "SLURM" ? { abortMs: 400, termMs: 3_000, killMs: 10_000 } : { abortMs: 400, termMs: 400, killMs: 3_000 };
  return { abortMs: env().KILL_GRACE_MS, termMs: 5_000, killMs: 5_000 };
}

export type TKillOutcome = "verified" | "not-stopping" | "no-process";

export async function killRun(o: { runId: string }): Promise<TKillOutcome> {
  const run = await loadRunWithHost(o.runId);
  if (!run || run.status !== "STOPPING") return "not-stopping";
  try {
    await getHostConnection(run.host);
  } catch (e) {
    await notePending(run, (e as Error).message);
    throw e;
  }
  try {
    return await ladder(run);
  } catch (e) {
    if (e instanceof SshError) {
      dropHostConnection(run.hostId);
      await notePending(run, e.message);
    }
    throw e;
  }
}

async function notePending(run: TRunWithHost, why: string): Promise<void> {
  const last = await prisma.runEvent.findFirst({ where: { runId: run.id }, orderBy: { id: "desc" }, select: { type: true, message: true } });
  if (last?.type === "ERROR" && last.message.startsWith("Kill pending")) return;
  await addRunEvent({ runId: run.id, type: "ERROR", message: `Kill pending: ${run.host.name} does not answer (${why}); retrying until it does` });
}

async function setStage(runId: string, stage: KillStage, message: string, data: Record<string, unknown> = {}): Promise<Date> {
  const at = new Date();
  await prisma.run.updateMany({ where: { id: runId, status: "STOPPING" }, data: { killStage: stage, killStageAt: at } });
  await addRunEvent({ runId, type: "SIGNAL_SENT", message, data: { stage, ...data } });
  return at;
}

/** Polls the engine until it proves the run gone or the deadline passes. */
async function waitGone(ex: TExecutor, h: TRunHandle, until: number): Promise<Awaited<ReturnType<TExecutor["verifyGone"]>> | null> {
  for (;;) {
    const v = await ex.verifyGone(h);
    if (v.gone) return v;
    if (Date.now() >= until) return null;
    await new Promise((r) => setTimeout(r, Math.min(100, Math.max(0, until - Date.now()))));
  }
}

/** An adopted run's root pid and whether LF's SIGABRT handler is armed (from what ps showed at adoption). */
function adoptedProcess(run: TRunWithHost): { rootPid: number; llamaboard: boolean } | null {
  if (run.origin !== "ADOPTED") return null;
  const info = (run.processInfo ?? {}) as { rootPid?: unknown; llamaboard?: unknown };
  const rootPid = typeof info.rootPid === "number" ? info.rootPid : run.remotePid;
  if (!rootPid) return null;
  return { rootPid, llamaboard: info.llamaboard === true };
}

async function ladder(run: TRunWithHost): Promise<TKillOutcome> {
  const kind: StopKind = run.stopKind ?? "KILL";
  const t = ladderTimings(kind, run.executor);
  const ex = executorFor({ executor: run.executor, host: run.host, cluster: run.slurmCluster, multi: multiOf(run) });
  let h = handleOf(run);
  if (!h) {
    const found = await ex.blockOrFind(run.id, run.outputDir);
    if (!found) {
      await finishRun({ runId: run.id, status: "CANCELLED", message: `Stopped before the training process started (nothing ran on ${run.executor === "SLURM" ? "the cluster" : "the host"})`, killStage: "VERIFIED", from: ["STOPPING"] });
      return "no-process";
    }
    await prisma.run.update({ where: { id: run.id }, data: { ...handleFields(found), launchStep: "PROCESS_STARTED" } });
    await recordNodeGroups(run.id, found);
    h = found;
  }
  let stage = run.killStage;
  let stageAt = run.killStageAt?.getTime() ?? Date.now();
  const t0 = run.stopRequestedAt?.getTime() ?? Date.now();
  const adopted = h.executor === "SSH" ? adoptedProcess(run) : null;
  if ((stage === "NONE" || stage === "PENDING") && adopted && !adopted.llamaboard) {
    // Without LLAMABOARD_ENABLED LF installs no SIGABRT handler: SIGABRT would kill it as surely as
    // SIGTERM, and dump core. The ladder starts at SIGTERM (nothing is saved).
    const msg = await ex.signal(h, "TERM");
    stageAt = (await setStage(run.id, "SIGTERM_SENT", `${msg} (adopted process without LLAMABOARD_ENABLED: no graceful save is possible)`)).getTime();
    stage = "SIGTERM_SENT";
  }
  if (stage === "NONE" || stage === "PENDING") {
    if (adopted) {
      // A hand-started tree: its root (llamafactory-cli or torchrun) is not a group leader we made.
      await (await getHostConnection(run.host)).exec(abortTreeCommand(adopted.rootPid, { includeRoot: true }), { timeoutMs: 10_000 });
      stageAt = (await setStage(run.id, "SIGABRT_SENT", "SIGABRT sent to the training processes (children first)")).getTime();
    } else {
      const msg = await ex.signal(h, "ABRT");
      stageAt = (await setStage(run.id, "SIGABRT_SENT", msg)).getTime();
    }
    stage = "SIGABRT_SENT";
  }
  let gone: Awaited<ReturnType<typeof waitGone>> = null;
  if (stage === "SIGABRT_SENT") {
    gone = await waitGone(ex, h, stageAt + t.abortMs);
    if (!gone) {
      const msg = await ex.signal(h, "TERM");
      stageAt = (await setStage(run.id, "SIGTERM_SENT", msg)).getTime();
      stage = "SIGTERM_SENT";
    }
  }
  if (!gone && stage === "SIGTERM_SENT") {
    gone = await waitGone(ex, h, stageAt + t.termMs);
    if (!gone) {
      const msg = await ex.signal(h, "KILL");
      stageAt = (await setStage(run.id, "SIGKILL_SENT", msg)).getTime();
      stage = "SIGKILL_SENT";
    }
  }
  if (!gone) gone = await waitGone(ex, h, Math.max(stageAt, Date.now()) + t.killMs);
  if (!gone) {
    // Still there after SIGKILL (uninterruptible I/O?): send it again and let the job retry.
    await ex.signal(h, "KILL");
    throw new Error(h.executor === "SSH" ? `process group ${h.pgid} still has live processes after SIGKILL` : `Slurm job ${h.jobId} is not in a final state after SIGKILL`);
  }
  const exitCode = gone.exitCode;
  const ms = Date.now() - t0;
  if (h.executor === "SLURM") await prisma.run.update({ where: { id: run.id }, data: { slurmState: gone.native, queueReason: null, queuePosition: null } });
  const ids = h.executor === "SSH" ? { pgid: h.pgid } : { jobId: h.jobId };
  await addRunEvent({ runId: run.id, type: "KILL_VERIFIED", message: `${gone.what} (${gone.proof}, ${ms} ms after the request)`, data: { ...ids, ms, lastStage: stage, exitCode } });
  await finishRun({
    runId: run.id,
    status: FINAL[kind],
    message: `${FINAL[kind]} (${stage === "SIGABRT_SENT" ? "exited after SIGABRT" : stage === "SIGTERM_SENT" ? "ended by SIGTERM" : "ended by SIGKILL"})`,
    exitCode,
    killStage: "VERIFIED",
    from: ["STOPPING"],
  });
  return "verified";
}
