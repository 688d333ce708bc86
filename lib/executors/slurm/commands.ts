// Shell text sent to a Slurm login node, and parsers for what Slurm prints. Every dynamic value is
// shQuote'd; the batch script is fixed text plus the host profile's (already re-quoted) activation,
// and takes the run folder as "$1", so no user value is ever spliced into it.
import { shQuote } from "@/lib/ssh/quote";
import { profileScript } from "@/lib/hosts/profile/profile-script";
import { CONFIG_FILE, CONSOLE_FILE, type TLaunchEnv } from "@/lib/runs/remote-commands";
import type { TProfile } from "@/lib/hosts/profile/profile-input";

export const BATCH_FILE = "ffloor.sbatch";
export const JOB_ID_FILE = "slurm_job_id";
const SUBMIT_LOCK = ".ffloor-launched";
/** --signal=B:ABRT@WARN: LF's SIGABRT handler saves and stops before the wall clock ends. */
export const WARN_SECONDS = 120;

export type TClusterDefaults = { partition: string; account: string | null; qos: string | null; timeLimitMin: number };

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** Partition/account/QOS names as Slurm allows them; checked again here because they reach argv. */
export function checkSlurmName(field: string, v: string): string {
  if (!NAME.test(v)) throw new Error(`${field} ${JSON.stringify(v)} is not a valid Slurm name (letters, digits, . _ -)`);
  return v;
}

export function batchScript(o: { profile: Pick<TProfile, "activation" | "lfDir" | "envVars">; launchEnv: TLaunchEnv }): string {
  const ps = profileScript(o.profile);
  const giveUp = (why: string) => `{ echo ${shQuote(`[ffloor] ${why}`)}; exit 1; }`;
  const switches = Object.entries(o.launchEnv).filter(([k, v]) => (k === "FORCE_TORCHRUN" || k === "ALLOW_EXTRA_ARGS") && v === "1").map(([k]) => ` ${k}=1`).join("");
  return [
    "#!/bin/bash",
    "# Written by Factory Floor for one run; its folder is $1. Slurm sets CUDA_VISIBLE_DEVICES from --gres.",
    'D="$1"',
    `{ ${ps.activate}; } < /dev/null 2>&1 || ${giveUp("the host profile's activation line failed; nothing was started")}`,
    ps.exports,
    `${ps.cd} 2>&1 || ${giveUp("the host profile's LF working directory cannot be entered; nothing was started")}`,
    `export LLAMABOARD_ENABLED=1 LLAMABOARD_WORKDIR="$D"${switches}`,
    // exec: the batch shell becomes llamafactory-cli, so Slurm's B:ABRT warning and scancel --batch reach LF itself.
    `exec llamafactory-cli train "$D/${CONFIG_FILE}" < /dev/null`,
    "",
  ].join("\n");
}

export function sbatchArgs(o: { runId: string; dir: string; gpus: number; cluster: TClusterDefaults }): string[] {
  const c = o.cluster;
  const args = [
    "--parsable",
    `--job-name=ff-${o.runId}`,
    `--partition=${checkSlurmName("partition", c.partition)}`,
    ...(c.account ? [`--account=${checkSlurmName("account", c.account)}`] : []),
    ...(c.qos ? [`--qos=${checkSlurmName("qos", c.qos)}`] : []),
    `--time=${Math.max(1, Math.trunc(c.timeLimitMin))}`,
    "--nodes=1",
    "--ntasks=1",
    `--gres=gpu:${Math.max(1, Math.trunc(o.gpus))}`,
    `--signal=B:ABRT@${WARN_SECONDS}`,
    `--chdir=${o.dir}`,
    `--output=${o.dir}/${CONSOLE_FILE}`,
    "--open-mode=append",
  ];
  return args;
}

/**
 * Submits once per run folder: a mkdir lock makes a retried launch read the job id the first one
 * recorded. Prints the job id, NOJOB (a submit holds the lock but never recorded one) or
 * SBATCH_FAILED and sbatch's message.
 */
export function submitCommand(o: { dir: string; args: string[]; runId: string }): string {
  return [
    `D=${shQuote(o.dir)}`,
    `N=${shQuote(`ff-${o.runId}`)}`,
    `if mkdir -- "$D/${SUBMIT_LOCK}" 2>/dev/null; then`,
    `  if sbatch ${o.args.map(shQuote).join(" ")} "$D/${BATCH_FILE}" "$D" > "$D/${JOB_ID_FILE}.tmp" 2> "$D/sbatch.err"; then`,
    `    mv "$D/${JOB_ID_FILE}.tmp" "$D/${JOB_ID_FILE}"`,
    `  else echo SBATCH_FAILED; cat "$D/sbatch.err"; exit 0; fi`,
    `fi`,
    findJobTail,
  ].join("\n");
}

// A submit killed between sbatch and recording its id (the SSH session died) left a job named ff-<run id>.
const findJobTail = `cat -- "$D/${JOB_ID_FILE}" 2>/dev/null || squeue -h --name="$N" -o '%i' 2>/dev/null | head -1 | grep . || echo NOJOB`;

/** Takes the submit lock first (no submit can follow: BLOCKED) or reads the job id a submit recorded. */
export function blockOrReadJobCommand(dir: string, runId: string): string {
  return [
    `D=${shQuote(dir)}`,
    `N=${shQuote(`ff-${runId}`)}`,
    `mkdir -p -- "$D" || exit 1`,
    `if mkdir -- "$D/${SUBMIT_LOCK}" 2>/dev/null; then echo BLOCKED; exit 0; fi`,
    `i=0; while [ ! -s "$D/${JOB_ID_FILE}" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done`,
    findJobTail,
  ].join("\n");
}

export function parseJobId(stdout: string): string | null {
  const first = stdout.trim().split("\n")[0]?.trim() ?? "";
  // --parsable prints "jobid" or "jobid;cluster".
  const m = /^([0-9]+)(;\S+)?$/.exec(first);
  return m ? m[1]! : null;
}

function jobIdArg(id: string): string {
  if (!/^[0-9]+$/.test(id)) throw new Error(`refusing Slurm job id ${JSON.stringify(id)}`);
  return id;
}

/**
 * One round trip for many jobs: `scontrol show job -o` per job (one line, key=value; a purged job
 * prints GONE) and the partition's pending jobs in scheduling order (for the queue position).
 */
export function statusCommand(o: { jobIds: string[]; partition: string }): string {
  const ids = o.jobIds.map(jobIdArg).join(" ");
  return [
    `for j in ${ids}; do l=$(scontrol show job -o "$j" 2>/dev/null | head -1); if [ -n "$l" ]; then echo "JOB $l"; else echo "JOB JobId=$j JobState=GONE"; fi; done`,
    `squeue -h -t PD -p ${shQuote(checkSlurmName("partition", o.partition))} --sort=-p,i -o 'PD %i' 2>/dev/null || true`,
  ].join("\n");
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "GONE"]);
const PENDING = new Set(["PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "SUSPENDED", "RESV_DEL_HOLD"]);

export type TJobInfo = {
  jobId: string;
  state: string;
  reason: string | null;
  exitCode: number | null;
  runSeconds: number | null;
  timeLimitSeconds: number | null;
  node: string | null;
};

/** "[D-]HH:MM:SS", "MM:SS", "UNLIMITED" → seconds (null when not a duration). */
export function slurmDuration(v: string | undefined): number | null {
  if (!v) return null;
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(v);
  if (!m) return null;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

export function parseScontrolLine(line: string): TJobInfo | null {
  const kv = new Map<string, string>();
  for (const m of line.matchAll(/(?:^|\s)([A-Za-z:/]+)=(\S*)/g)) if (!kv.has(m[1]!)) kv.set(m[1]!, m[2]!);
  const jobId = kv.get("JobId");
  const state = kv.get("JobState");
  if (!jobId || !state) return null;
  const ec = /^(\d+):(\d+)$/.exec(kv.get("ExitCode") ?? "");
  // ExitCode=exit:signal; a signal death reads like a shell's 128+N.
  const exitCode = ec ? (Number(ec[2]) > 0 ? 128 + Number(ec[2]) : Number(ec[1])) : null;
  const reason = kv.get("Reason");
  const node = kv.get("NodeList");
  return {
    jobId, state, reason: reason && reason !== "None" ? reason : null,
    exitCode: TERMINAL.has(state) && state !== "GONE" ? exitCode : null,
    runSeconds: slurmDuration(kv.get("RunTime")), timeLimitSeconds: slurmDuration(kv.get("TimeLimit")),
    node: node && node !== "(null)" ? node : null,
  };
}

export function parseStatus(stdout: string): { jobs: Map<string, TJobInfo>; pendingOrder: string[] } {
  const jobs = new Map<string, TJobInfo>();
  const pendingOrder: string[] = [];
  for (const raw of stdout.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("JOB ")) {
      const j = parseScontrolLine(line.slice(4));
      if (j) jobs.set(j.jobId, j);
    } else if (/^PD \d+$/.test(line)) pendingOrder.push(line.slice(3));
  }
  return { jobs, pendingOrder };
}

export function phaseOf(state: string): "pending" | "running" | "ended" {
  if (TERMINAL.has(state)) return "ended";
  if (PENDING.has(state)) return "pending";
  return "running"; // RUNNING, CONFIGURING, COMPLETING, SIGNALING, STOPPED, RESIZING: processes may exist
}

/** Killing is proven only by a final state: COMPLETING still has processes on the node. */
export function isFinalState(state: string): boolean {
  return TERMINAL.has(state);
}

/**
 * Did the wall clock end it? TIMEOUT: Slurm killed it at the limit. A clean exit after the B:ABRT
 * warning: LF saved and stopped; recognised by the run ending inside the warning window (Slurm may
 * send the warning up to a minute early) without reaching its last step.
 */
export function timeLimitOutcome(j: TJobInfo, finishedAllSteps: boolean | null): "none" | "warned" | "killed" {
  if (j.state === "TIMEOUT") return "killed";
  if (j.state !== "COMPLETED" || finishedAllSteps === true) return "none";
  if (j.runSeconds === null || j.timeLimitSeconds === null) return "none";
  return j.runSeconds >= j.timeLimitSeconds - WARN_SECONDS - 60 ? "warned" : "none";
}

export function scancelCommand(jobId: string, sig: "ABRT" | "TERM" | "KILL"): string {
  const id = jobIdArg(jobId);
  // ABRT: the batch step's processes (LF and, under torchrun, its workers), as LlamaBoard's abort does.
  if (sig === "ABRT") return `scancel --batch --full --signal=ABRT ${id} 2>&1; echo sent`;
  if (sig === "KILL") return `scancel --full --signal=KILL ${id} 2>&1; echo sent`;
  return `scancel ${id} 2>&1; echo sent`;
}

/** sinfo for a partition: one line per node, "node|state|gres". */
export function sinfoCommand(partition: string): string {
  return `sinfo -h -N -p ${shQuote(checkSlurmName("partition", partition))} -o '%N|%t|%G' 2>&1`;
}

export function parseSinfo(stdout: string): { nodes: { name: string; state: string; gpus: number }[] } {
  const nodes: { name: string; state: string; gpus: number }[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^([^|\s]+)\|([^|]+)\|(.*)$/.exec(line.trim());
    if (!m) continue;
    const g = /gpu(?::[A-Za-z0-9_-]+)?:(\d+)/.exec(m[3]!);
    if (!nodes.some((n) => n.name === m[1])) nodes.push({ name: m[1]!, state: m[2]!, gpus: g ? Number(g[1]) : 0 });
  }
  return { nodes };
}
