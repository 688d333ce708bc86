// The kill ladder: SIGABRT to the training processes (LF saves and exits when LLAMABOARD_ENABLED),
// SIGTERM to the group after a grace, then SIGKILL, then proof with ps that nothing of the group is
// left. Each rung is persisted on Run.killStage first, so a new worker resumes a half-done kill
// (timing included, from killStageAt) instead of starting over.
import { prisma, type KillStage, type StopKind } from "@/lib/db";
import { env } from "@/lib/env";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import { SshError, type TSshConnection } from "@/lib/ssh/connect";
import { abortTreeCommand, blockOrReadPidCommand, countGroupCommand, signalGroupCommand, EXIT_FILE } from "@/lib/runs/remote-commands";
import { shQuote } from "@/lib/ssh/quote";
import { loadRunWithHost, type TRunWithHost } from "@/lib/runs/run-host";
import { addRunEvent } from "@/lib/runs/run-events";
import { finishRun } from "@/lib/runs/finish-run";

const FINAL = { KILL: "KILLED", GRACEFUL: "STOPPED", EARLY_STOP: "STOPPED_EARLY" } as const;

/** How long each rung waits for the group to go before escalating. */
export function ladderTimings(kind: StopKind): { abortMs: number; termMs: number; killMs: number } {
  if (kind === "KILL") return { abortMs: 400, termMs: 400, killMs: 3_000 };
  return { abortMs: env().KILL_GRACE_MS, termMs: 5_000, killMs: 5_000 };
}

export type TKillOutcome = "verified" | "not-stopping" | "no-process";

export async function killRun(o: { runId: string }): Promise<TKillOutcome> {
  const run = await loadRunWithHost(o.runId);
  if (!run || run.status !== "STOPPING") return "not-stopping";
  let conn: TSshConnection;
  try {
    conn = await getHostConnection(run.host);
  } catch (e) {
    await notePending(run, (e as Error).message);
    throw e;
  }
  try {
    return await ladder(run, conn);
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

async function groupCount(conn: TSshConnection, pgid: number): Promise<number> {
  const r = await conn.exec(countGroupCommand(pgid), { timeoutMs: 10_000 });
  const n = Number(r.stdout.trim());
  if (r.code !== 0 || !Number.isInteger(n)) throw new Error(`ps on the host failed: ${r.stderr.trim().slice(0, 200)}`);
  return n;
}

/** Polls until the group is empty or the deadline passes; true when empty. */
async function waitGone(conn: TSshConnection, pgid: number, until: number): Promise<boolean> {
  for (;;) {
    if ((await groupCount(conn, pgid)) === 0) return true;
    if (Date.now() >= until) return false;
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

async function ladder(run: TRunWithHost, conn: TSshConnection): Promise<TKillOutcome> {
  const kind: StopKind = run.stopKind ?? "KILL";
  const t = ladderTimings(kind);
  let pgid = run.remotePgid;
  if (!pgid) {
    const r = await conn.exec(blockOrReadPidCommand(run.outputDir), { timeoutMs: 20_000 });
    const out = r.stdout.trim();
    const pid = Number(out);
    if (out === "BLOCKED" || out === "NOPID" || !Number.isInteger(pid) || pid <= 1) {
      await finishRun({ runId: run.id, status: "CANCELLED", message: "Stopped before the training process started (nothing ran on the host)", killStage: "VERIFIED", from: ["STOPPING"] });
      return "no-process";
    }
    await prisma.run.update({ where: { id: run.id }, data: { remotePid: pid, remotePgid: pid, launchStep: "PROCESS_STARTED" } });
    pgid = pid;
  }
  let stage = run.killStage;
  let stageAt = run.killStageAt?.getTime() ?? Date.now();
  const t0 = run.stopRequestedAt?.getTime() ?? Date.now();
  const adopted = adoptedProcess(run);
  if ((stage === "NONE" || stage === "PENDING") && adopted && !adopted.llamaboard) {
    // Without LLAMABOARD_ENABLED LF installs no SIGABRT handler: SIGABRT would kill it as surely as
    // SIGTERM, and dump core. The ladder starts at SIGTERM (nothing is saved).
    await conn.exec(signalGroupCommand(pgid, "TERM"), { timeoutMs: 10_000 });
    stageAt = (await setStage(run.id, "SIGTERM_SENT", `SIGTERM sent to process group ${pgid} (adopted process without LLAMABOARD_ENABLED: no graceful save is possible)`)).getTime();
    stage = "SIGTERM_SENT";
  }
  if (stage === "NONE" || stage === "PENDING") {
    await conn.exec(adopted ? abortTreeCommand(adopted.rootPid, { includeRoot: true }) : abortTreeCommand(pgid), { timeoutMs: 10_000 });
    stageAt = (await setStage(run.id, "SIGABRT_SENT", "SIGABRT sent to the training processes (children first)")).getTime();
    stage = "SIGABRT_SENT";
  }
  let gone = false;
  if (stage === "SIGABRT_SENT") {
    gone = await waitGone(conn, pgid, stageAt + t.abortMs);
    if (!gone) {
      await conn.exec(signalGroupCommand(pgid, "TERM"), { timeoutMs: 10_000 });
      stageAt = (await setStage(run.id, "SIGTERM_SENT", `SIGTERM sent to process group ${pgid}`)).getTime();
      stage = "SIGTERM_SENT";
    }
  }
  if (!gone && stage === "SIGTERM_SENT") {
    gone = await waitGone(conn, pgid, stageAt + t.termMs);
    if (!gone) {
      await conn.exec(signalGroupCommand(pgid, "KILL"), { timeoutMs: 10_000 });
      stageAt = (await setStage(run.id, "SIGKILL_SENT", `SIGKILL sent to process group ${pgid}`)).getTime();
      stage = "SIGKILL_SENT";
    }
  }
  if (!gone) gone = await waitGone(conn, pgid, Math.max(stageAt, Date.now()) + t.killMs);
  if (!gone) {
    // Still there after SIGKILL (uninterruptible I/O?): send it again and let the job retry.
    await conn.exec(signalGroupCommand(pgid, "KILL"), { timeoutMs: 10_000 });
    throw new Error(`process group ${pgid} still has live processes after SIGKILL`);
  }
  const ec = await conn.exec(`cat -- ${shQuote(run.outputDir)}/${EXIT_FILE} 2>/dev/null`, { timeoutMs: 10_000 });
  const exitCode = /^-?\d+$/.test(ec.stdout.trim()) ? Number(ec.stdout.trim()) : null;
  const ms = Date.now() - t0;
  await addRunEvent({ runId: run.id, type: "KILL_VERIFIED", message: `No process of group ${pgid} is left (verified with ps, ${ms} ms after the request)`, data: { pgid, ms, lastStage: stage, exitCode } });
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
