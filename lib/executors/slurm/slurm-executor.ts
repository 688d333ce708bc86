// The Slurm executor: a run is a batch job submitted from the cluster's login node (over the same
// pinned, pooled SSH connection as any host). Slurm schedules it; Factory Floor only reads squeue and
// scontrol, signals with scancel, and proves a kill with the job's final state.
import path from "node:path";
import type { TSshConnection } from "@/lib/ssh/connect";
import { getHostConnection, type THostConnectRow } from "@/lib/ssh/host-pool";
import { shQuote } from "@/lib/ssh/quote";
import { ExecutorFatalError, type TExecutor, type TRunHandle, type TRunState } from "@/lib/executors/contract";
import {
  BATCH_FILE, batchScript, blockOrReadJobCommand, isFinalState, parseJobId, parseStatus, phaseOf, sbatchArgs, scancelCommand,
  statusCommand, submitCommand, timeLimitOutcome, type TClusterDefaults,
} from "@/lib/executors/slurm/commands";

type TSlurmHandle = Extract<TRunHandle, { executor: "SLURM" }>;

function asSlurm(h: TRunHandle): TSlurmHandle {
  if (h.executor !== "SLURM") throw new Error(`the Slurm executor got a ${h.executor} handle`);
  return h;
}

export type TSlurmTarget = { clusterName: string; login: THostConnectRow & { name: string }; defaults: TClusterDefaults };

/** Did the run log its last step? null when the log says nothing (no line yet). */
async function finishedAllSteps(conn: TSshConnection, dir: string): Promise<boolean | null> {
  const r = await conn.exec(`tail -n 1 -- ${shQuote(path.posix.join(dir, "trainer_log.jsonl"))} 2>/dev/null`, { timeoutMs: 10_000 });
  const m = /"current_steps":\s*(\d+).*?"total_steps":\s*(\d+)/.exec(r.stdout);
  return m ? Number(m[1]) >= Number(m[2]) : null;
}

export function slurmExecutor(t: TSlurmTarget): TExecutor {
  const conn = (): Promise<TSshConnection> => getHostConnection(t.login);
  const jobState = async (jobId: string) => {
    const r = await (await conn()).exec(statusCommand({ jobIds: [jobId], partition: t.defaults.partition }), { timeoutMs: 15_000 });
    if (r.code !== 0) throw new Error(`scontrol on ${t.login.name} exited ${r.code}: ${r.stderr.trim().slice(0, 200)}`);
    return parseStatus(r.stdout).jobs.get(jobId) ?? null;
  };
  return {
    kind: "SLURM",
    filesHostId: t.login.id,
    async submit(spec) {
      const c = await conn();
      await c.writeFile(path.posix.join(spec.dir, BATCH_FILE), batchScript({ profile: spec.profile, launchEnv: spec.launchEnv }), 0o700);
      const args = sbatchArgs({ runId: spec.runId, dir: spec.dir, gpus: spec.gpuIndices.length, cluster: t.defaults });
      const r = await c.exec(submitCommand({ dir: spec.dir, args, runId: spec.runId }), { timeoutMs: 30_000 });
      const out = r.stdout.trim();
      if (out.startsWith("SBATCH_FAILED"))
        throw new ExecutorFatalError(`sbatch on ${t.clusterName} refused the job: ${out.slice("SBATCH_FAILED".length).trim().slice(0, 400) || "no message"}`);
      const jobId = parseJobId(out);
      if (r.code !== 0 || !jobId) throw new ExecutorFatalError(`sbatch on ${t.clusterName} did not report a job id (${(out + r.stderr).trim().slice(0, 300) || `exit ${r.code}`}).`);
      return { executor: "SLURM", runId: spec.runId, dir: spec.dir, jobId };
    },
    async status(handles) {
      const hs = handles.map(asSlurm);
      const out = new Map<string, TRunState>();
      if (hs.length === 0) return out;
      const c = await conn();
      const r = await c.exec(statusCommand({ jobIds: hs.map((h) => h.jobId), partition: t.defaults.partition }), { timeoutMs: 15_000 });
      if (r.code !== 0) throw new Error(`status check on ${t.login.name} exited ${r.code}: ${r.stderr.trim().slice(0, 200)}`);
      const { jobs, pendingOrder } = parseStatus(r.stdout);
      for (const h of hs) {
        const j = jobs.get(h.jobId);
        if (!j) continue;
        const phase = phaseOf(j.state);
        const pos = pendingOrder.indexOf(h.jobId);
        const tl = phase === "ended" && (j.state === "TIMEOUT" || j.state === "COMPLETED") ? timeLimitOutcome(j, j.state === "COMPLETED" ? await finishedAllSteps(c, h.dir) : null) : "none";
        out.set(h.runId, {
          phase,
          native: j.state,
          exitCode: j.exitCode,
          queuePosition: phase === "pending" && pos >= 0 ? pos + 1 : null,
          queueReason: phase === "pending" ? j.reason : null,
          timeLimit: tl,
          runSeconds: j.runSeconds,
          node: j.node,
        });
      }
      return out;
    },
    async blockOrFind(runId, dir) {
      const r = await (await conn()).exec(blockOrReadJobCommand(dir, runId), { timeoutMs: 20_000 });
      const jobId = parseJobId(r.stdout);
      return jobId ? { executor: "SLURM", runId, dir, jobId } : null;
    },
    async signal(h, sig) {
      const { jobId } = asSlurm(h);
      await (await conn()).exec(scancelCommand(jobId, sig), { timeoutMs: 15_000 });
      if (sig === "ABRT") return `SIGABRT sent to the batch step of Slurm job ${jobId} (scancel --batch --full --signal=ABRT)`;
      if (sig === "TERM") return `Slurm job ${jobId} cancelled (scancel: SIGTERM, then SIGKILL after the cluster's KillWait)`;
      return `SIGKILL sent to every process of Slurm job ${jobId} (scancel --full --signal=KILL)`;
    },
    async cancel(h) {
      return this.signal(h, "TERM");
    },
    async verifyGone(h) {
      const { jobId } = asSlurm(h);
      const j = await jobState(jobId);
      const state = j?.state ?? "GONE";
      const final = isFinalState(state);
      const what = state === "GONE" ? `Slurm job ${jobId} is no longer known to the controller` : `Slurm job ${jobId} is ${state}${j?.exitCode !== null && j?.exitCode !== undefined ? ` (exit ${j.exitCode})` : ""}`;
      return { gone: final, exitCode: final ? (j?.exitCode ?? null) : null, what, proof: "verified with scontrol show job", native: state };
    },
  };
}
