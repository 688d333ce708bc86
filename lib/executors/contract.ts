// The executor contract: what the launch, the supervisor and the kill ladder need from an engine that
// runs a training process somewhere. Rules, verdicts, ingest, audit and webhooks sit above it and are
// the same for every engine. SSH: a detached process group on a GPU host. SLURM: a batch job submitted
// from a cluster's login node (its files on the shared filesystem the login node sees).
import { z } from "zod";
import type { TProfile } from "@/lib/hosts/profile/profile-input";
import type { TLaunchEnv } from "@/lib/runs/remote-commands";
import { ZDistEnv } from "@/lib/runs/multi-node/dist-env";

export const ZExecutorKind = z.enum(["SSH", "SLURM"]);
export type TExecutorKind = z.infer<typeof ZExecutorKind>;

/** What to start: the run folder already holds config.yaml (the launch uploaded it). */
export const ZRunSpec = z.object({
  runId: z.string().regex(/^[a-z0-9]{1,64}$/),
  dir: z.string().min(1).max(1000),
  gpuIndices: z.array(z.number().int().min(0).max(63)).min(1),
  launchEnv: z.object({ FORCE_TORCHRUN: z.literal("1").optional(), ALLOW_EXTRA_ARGS: z.literal("1").optional() }),
  /** One rank of a multi-node run: the torchrun variables this node starts with. */
  dist: ZDistEnv.optional(),
});
export type TRunSpec = z.infer<typeof ZRunSpec> & { profile: Pick<TProfile, "activation" | "lfDir" | "envVars"> };

/** How an executor finds a started run again (persisted on the run row: remotePgid or slurmJobId). */
export const ZRunHandle = z.discriminatedUnion("executor", [
  z.object({
    executor: z.literal("SSH"), runId: z.string(), dir: z.string(), pgid: z.number().int().min(2),
    /** A multi-node run: every rank's host, folder and group (0 = never started there). */
    nodes: z.array(z.object({ rank: z.number().int().min(0), hostId: z.string(), dir: z.string(), pgid: z.number().int().min(0) })).optional(),
  }),
  z.object({ executor: z.literal("SLURM"), runId: z.string(), dir: z.string(), jobId: z.string().regex(/^[0-9]+(_[0-9]+)?$/) }),
]);
export type TRunHandle = z.infer<typeof ZRunHandle>;

/** One run's state as the engine sees it. */
export const ZRunState = z.object({
  phase: z.enum(["pending", "running", "ended", "unknown"]),
  /** The engine's own word (SSH: "alive"/"exited"; Slurm: PENDING, RUNNING, COMPLETED, TIMEOUT, ...). */
  native: z.string(),
  exitCode: z.number().int().nullable(),
  queuePosition: z.number().int().min(1).nullable(),
  queueReason: z.string().nullable(),
  /** Slurm: the job ran to its wall clock (state TIMEOUT, or a warning-signal stop near the limit). */
  timeLimit: z.enum(["none", "warned", "killed"]),
  runSeconds: z.number().nullable(),
  node: z.string().nullable(),
  /** A multi-node run: each rank as its host reported it. */
  nodes: z.array(z.object({ rank: z.number().int(), host: z.string(), phase: z.enum(["pending", "running", "ended", "unknown"]), exitCode: z.number().int().nullable() })).optional(),
});
export type TRunState = z.infer<typeof ZRunState>;

export type TSignal = "ABRT" | "TERM" | "KILL";

export type TExecutor = {
  readonly kind: TExecutorKind;
  /** The host whose SSH connection reads the run's files (SSH: the GPU host; Slurm: the login node). */
  readonly filesHostId: string;
  /** Starts the run exactly once per run folder (a retried submit finds the first one). */
  submit(spec: TRunSpec): Promise<TRunHandle>;
  /** Many runs in one round trip; a run missing from the map was not reported (try again later). */
  status(handles: TRunHandle[]): Promise<Map<string, TRunState>>;
  /** A stop that arrives before submit recorded a handle: blocks any later submit (null) or finds the run. */
  blockOrFind(runId: string, dir: string): Promise<TRunHandle | null>;
  /** Sends one rung of the kill ladder; returns the sentence the run's event log shows. */
  signal(h: TRunHandle, sig: TSignal): Promise<string>;
  /** Cancels outright (SSH: SIGKILL to the group; Slurm: scancel). */
  cancel(h: TRunHandle): Promise<string>;
  /** Proof from the engine itself that nothing of the run is left: `what` is left, `proof` says how it was checked. */
  verifyGone(h: TRunHandle): Promise<{ gone: boolean; exitCode: number | null; what: string; proof: string; native: string }>;
};

/** The engine refused the run for good (no pid, sbatch error): the launch fails it with this message. */
export class ExecutorFatalError extends Error {}
