// The launch, checkpointed on Run.launchStep so a retried or resumed job continues where the last
// one stopped: mkdir → upload config.yaml → start detached (once, guarded on the host) → RUNNING.
import path from "node:path";
import { prisma, type LaunchStep } from "@/lib/db";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import { SshError, type TSshConnection } from "@/lib/ssh/connect";
import { CONFIG_FILE, mkdirCommand } from "@/lib/runs/remote-commands";
import { ExecutorFatalError } from "@/lib/executors/contract";
import { executorFor, handleFields } from "@/lib/executors";
import { loadRunWithHost, multiOf, type TRunWithHost } from "@/lib/runs/run-host";
import { mkdirOnNodes, readyNodes, uploadToNodes } from "@/lib/runs/multi-node/launch-nodes";
import { recordNodeGroups } from "@/lib/runs/multi-node/record-node-groups";
import type { TRunHandle } from "@/lib/executors/contract";
import { kickHostQueue } from "@/lib/runs/kick-host-queue";
import { addRunEvent } from "@/lib/runs/run-events";
import { finishRun } from "@/lib/runs/finish-run";
import { env } from "@/lib/env";
import { getHostProfile, toStoredProfile } from "@/lib/hosts/profile/host-profile";
import { parseLaunchEnv } from "@/lib/runs/launch-env";
import { openSecrets, revealSecrets } from "@/lib/presets/secrets";

export type TLaunchOutcome = "started" | "waiting" | "skipped" | "failed";

/** Errors worth retrying: the host did not answer. Anything else fails the run with its message. */
export class LaunchFatalError extends ExecutorFatalError {}

async function setStep(runId: string, step: LaunchStep): Promise<boolean> {
  const r = await prisma.run.updateMany({ where: { id: runId, status: "STARTING" }, data: { launchStep: step } });
  return r.count === 1;
}

export async function launchRun(o: { runId: string }): Promise<TLaunchOutcome> {
  let run = await loadRunWithHost(o.runId);
  if (!run) return "skipped";
  if (run.status === "QUEUED") {
    const granted = await kickHostQueue({ hostId: run.hostId, exceptRunId: run.id });
    if (!granted.includes(run.id)) return "waiting";
    run = (await loadRunWithHost(o.runId))!;
  }
  if (run.status !== "STARTING") return "skipped";
  let conn: TSshConnection;
  try {
    conn = await getHostConnection(run.host);
  } catch (e) {
    if (e instanceof SshError && e.code === "HOST_KEY_CHANGED") return fail(run, e.message);
    if (await gaveUpOnHost(run)) {
      return fail(run, `${run.host.name} did not answer for ${Math.round(env().LAUNCH_GIVE_UP_MS / 60_000)} min after GPU ${run.gpuIndices.join(",")} was leased; nothing was started, the GPUs are free again. (${(e as Error).message})`);
    }
    throw e;
  }
  try {
    return await steps(run, conn);
  } catch (e) {
    if (e instanceof ExecutorFatalError) return fail(run, e.message);
    dropHostConnection(run.hostId);
    throw e;
  }
}

async function steps(run: TRunWithHost, conn: TSshConnection): Promise<TLaunchOutcome> {
  const dir = run.outputDir;
  let step = run.launchStep;
  if (step === "NONE") {
    const r = await conn.exec(mkdirCommand(dir), { timeoutMs: 20_000 });
    if (r.code !== 0) throw new LaunchFatalError(`Could not create the run folder ${dir} on ${run.host.name}: ${r.stderr.trim().slice(0, 300)}`);
    await mkdirOnNodes(run);
    if (!(await setStep(run.id, "DIR_CREATED"))) return "skipped";
    step = "DIR_CREATED";
  }
  if (step === "DIR_CREATED") {
    try {
      // The stored text has its secrets masked; only the file on the host carries the real values.
      const yaml = revealSecrets(run.configYaml, openSecrets(run.configSecretsSealed));
      await conn.writeFile(path.posix.join(dir, CONFIG_FILE), yaml, 0o600);
      await uploadToNodes(run, yaml);
    } catch (e) {
      if (e instanceof ExecutorFatalError) throw e;
      if (e instanceof SshError) throw e;
      throw new LaunchFatalError(`Could not upload config.yaml to ${dir} on ${run.host.name}: ${(e as Error).message}`);
    }
    if (!(await setStep(run.id, "CONFIG_UPLOADED"))) return "skipped";
    step = "CONFIG_UPLOADED";
  }
  if (step === "CONFIG_UPLOADED") {
    // A stop may have arrived while we uploaded; the stop job takes the host lock in that case.
    const fresh = await prisma.run.findUnique({ where: { id: run.id }, select: { status: true } });
    if (fresh?.status !== "STARTING") return "skipped";
    // Started through the profile version the preflight checked (a later edit applies to later runs).
    const row = run.hostProfileId ? await prisma.hostProfile.findUnique({ where: { id: run.hostProfileId } }) : null;
    const profile = row ? toStoredProfile(row) : (await getHostProfile(run.hostId)).profile;
    if (!profile) throw new LaunchFatalError(`${run.host.name} has no runtime profile; set one on the Hosts page.`);
    // The executor starts it (SSH: a detached process group; Slurm: sbatch from the login node).
    const multi = multiOf(run);
    const ready = multi ? await readyNodes(run, profile) : null;
    for (const note of ready?.notes ?? []) await addRunEvent({ runId: run.id, type: "LAUNCHING", message: note });
    const executor = executorFor({ executor: run.executor, host: run.host, cluster: run.slurmCluster, multi: multi && { ...multi, profiles: ready!.profiles } });
    const handle = await executor.submit({ runId: run.id, dir, gpuIndices: run.gpuIndices, profile, launchEnv: parseLaunchEnv(run.launchEnv) });
    // The handle is recorded whatever the status now is, so a concurrent stop can still find it.
    await recordNodeGroups(run.id, handle);
    await prisma.run.update({ where: { id: run.id }, data: { launchStep: "PROCESS_STARTED", ...handleFields(handle), ...(handle.executor === "SLURM" ? { slurmState: "PENDING" } : {}) } });
    if (handle.executor === "SLURM") {
      // Slurm schedules it: the run stays STARTING until squeue says RUNNING (lib/runs/supervise-slurm).
      await addRunEvent({ runId: run.id, type: "LAUNCHING", message: `Submitted to ${run.slurmCluster?.name ?? "the cluster"} as Slurm job ${handle.jobId} (gres gpu:${run.gpuIndices.length})`, data: { jobId: handle.jobId } });
      return "started";
    }
    const pid = handle.pgid;
    const started = await prisma.run.updateMany({ where: { id: run.id, status: "STARTING" }, data: { status: "RUNNING", startedAt: new Date() } });
    if (started.count === 1) await addRunEvent({ runId: run.id, type: "STARTED", message: startedMessage(run, handle), data: { pid } });
    return "started";
  }
  if (step === "PROCESS_STARTED" && run.executor === "SSH" && run.remotePgid) {
    // The worker died between recording the pid and marking the run RUNNING: the process was started,
    // so finish the transition (the supervisor then finds it alive, or finished, like any other run).
    const started = await prisma.run.updateMany({ where: { id: run.id, status: "STARTING" }, data: { status: "RUNNING", startedAt: new Date() } });
    if (started.count === 1)
      await addRunEvent({ runId: run.id, type: "STARTED", message: `Started on ${run.host.name} (pid ${run.remotePgid}, GPU ${run.gpuIndices.join(",")})`, data: { pid: run.remotePgid } });
    return "started";
  }
  return "skipped";
}

function startedMessage(run: TRunWithHost, h: TRunHandle): string {
  if (h.executor !== "SSH") return "";
  if (!h.nodes) return `Started on ${run.host.name} (pid ${h.pgid}, GPU ${run.gpuIndices.join(",")})`;
  const where = h.nodes.map((n) => {
    const node = run.nodes.find((x) => x.rank === n.rank)!;
    return `node ${n.rank} ${node.host.name} (pid ${n.pgid}, GPU ${node.gpuIndices.join(",")})`;
  });
  return `Started on ${h.nodes.length} nodes: ${where.join(", ")}; MASTER_ADDR ${run.masterAddr}, MASTER_PORT ${run.masterPort}`;
}

/**
 * A launch whose host stays down must not hold its GPU lease forever. Before the start command was
 * sent (launchStep NONE or DIR_CREATED) nothing can be running on the host, so the run fails and its
 * GPUs go back to the queue. Once the start may have been sent, giving up could orphan a process: the
 * launch keeps retrying (and a user's kill takes the kill-pending path instead).
 */
async function gaveUpOnHost(run: TRunWithHost): Promise<boolean> {
  if (run.launchStep !== "NONE" && run.launchStep !== "DIR_CREATED") return false;
  const lease = await prisma.gpuLease.findFirst({ where: { runId: run.id }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  return lease !== null && Date.now() - lease.createdAt.getTime() > env().LAUNCH_GIVE_UP_MS;
}

async function fail(run: TRunWithHost, message: string): Promise<TLaunchOutcome> {
  await addRunEvent({ runId: run.id, type: "ERROR", message });
  await finishRun({ runId: run.id, status: "FAILED", message: `Launch failed: ${message}`, errorExcerpt: message, from: ["STARTING"] });
  return "failed";
}
