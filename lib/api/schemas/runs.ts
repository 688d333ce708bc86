import { z } from "zod";
import { MAX_OVERRIDES, withOverrideCap } from "@/lib/runs/overrides-input";
import { RunStatus } from "@/lib/generated/prisma/enums";
import { ZRunName } from "@/lib/runs/run-name";
import { ZCheckpointName } from "@/lib/runs/checkpoint-name";
import { ZIsoDate, ZJsonFloat } from "@/lib/api/schemas/common";

const ZStatus = z.enum(Object.values(RunStatus) as [RunStatus, ...RunStatus[]]);

export const ZRunListQuery = z.object({
  status: z.string().max(500).optional().describe("Comma-separated statuses, e.g. RUNNING,QUEUED."),
  host: z.string().max(64).optional().describe("Host id."),
  preset: z.string().max(64).optional().describe("Preset id."),
  user: z.string().max(64).optional().describe("Id of the user who launched the run."),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const ZRunSummary = z.object({
  id: z.string(), name: z.string(), status: ZStatus,
  hostId: z.string(), hostName: z.string(), gpuIndices: z.array(z.number().int()),
  presetId: z.string().nullable(), presetName: z.string().nullable(), presetVersion: z.number().int().nullable(),
  lastStep: z.number().int().nullable(), totalSteps: z.number().int().nullable(), lastEpoch: z.number().nullable(),
  lastLoss: ZJsonFloat, lastEvalLoss: ZJsonFloat,
  createdAt: ZIsoDate, startedAt: ZIsoDate.nullable(), finishedAt: ZIsoDate.nullable(),
  createdByName: z.string().nullable(), stopReason: z.string().nullable(), errorExcerpt: z.string().nullable(),
  verdict: z.string().nullable().describe("The rules' final verdict, or the one a stop rule recorded."),
  liveVerdict: z.string().nullable().describe("The rules' verdict so far (updated at each ingest while the run trains; `not-judgeable` for logs without a loss)."),
});
export const ZRunListResponse = z.object({ runs: z.array(ZRunSummary), more: z.boolean().describe("More runs match than `limit`.") });

const ZScores = z.record(z.string(), ZJsonFloat);
const ZEvalRun = z.object({ id: z.string(), name: z.string(), status: ZStatus, checkpoint: z.string().nullable(), dataset: z.string().nullable(),
  createdAt: ZIsoDate, finishedAt: ZIsoDate.nullable(), scores: ZScores });
/** LF's evaluation outputs of the run and the checkpoint evaluations launched from it. */
export const ZRunEvaluationApi = z.object({
  evalResults: ZScores.nullable().describe("eval_results.json as written (eval_loss, eval_accuracy, eval_<dataset>_loss, ...)."),
  predictResults: ZScores.nullable().describe("predict_results.json (predict_bleu-4, predict_rouge-1/2/l, ...)."),
  scores: ZScores.describe("The score keys of both files (runtime/throughput keys left out)."),
  perDataset: z.array(z.object({ name: z.string(), loss: ZJsonFloat, accuracy: ZJsonFloat })).describe("Per eval dataset (eval_on_each_dataset), final or last logged."),
  evalAccuracy: z.array(z.tuple([z.number(), ZJsonFloat])).nullable().describe("[step, eval_accuracy] from trainer_state.json."),
  predictions: z.object({ lines: z.number().int(), stored: z.number().int(), errors: z.array(z.object({ line: z.number().int(), message: z.string() })) }).nullable()
    .describe("generated_predictions.jsonl: its line count and how many rows are kept for the viewer."),
  errors: z.array(z.string()).describe("Evaluation files that exist but could not be read, named."),
  evaluates: z.object({ id: z.string(), name: z.string(), checkpoint: z.string().nullable(), dataset: z.string().nullable() }).nullable()
    .describe("For a checkpoint evaluation: the training run it scores."),
  evaluations: z.array(ZEvalRun).describe("Checkpoint evaluations launched from this run, newest first."),
});

export const ZRunDetail = ZRunSummary.extend({
  url: z.string().describe("The run page."),
  priority: z.number().int(),
  presetVersionId: z.string().nullable(),
  overrides: z.record(z.string(), z.unknown()),
  configYaml: z.string().describe("The resolved YAML uploaded to the host."),
  outputDir: z.string(),
  exitCode: z.number().int().nullable(),
  remotePid: z.number().int().nullable(),
  stopKind: z.enum(["GRACEFUL", "KILL", "EARLY_STOP"]).nullable(),
  killStage: z.enum(["NONE", "PENDING", "SIGABRT_SENT", "SIGTERM_SENT", "SIGKILL_SENT", "VERIFIED"]),
  stopRequestedAt: ZIsoDate.nullable(),
  stopRequestedByName: z.string().nullable(),
  lastThroughput: ZJsonFloat,
  lastElapsedS: z.number().int().nullable(),
  segment: z.number().int(),
  etaSeconds: z.number().nullable().describe("Our estimate from the current segment's step rate (correct after a resume)."),
  verdict: z.string().nullable(),
  bestStep: z.number().int().nullable(),
  bestEvalLoss: ZJsonFloat,
  finalMetrics: z.unknown().nullable(),
  parentRunId: z.string().nullable(),
  childRunIds: z.array(z.string()),
  queuePosition: z.number().int().nullable().describe("QUEUED: place in the host's queue. Slurm PENDING: place among the partition's pending jobs (squeue)."),
  executor: z.enum(["SSH", "SLURM"]).describe("The engine that runs it."),
  targetId: z.string().nullable().describe("The host id (SSH) or the Slurm cluster id."),
  slurmJobId: z.string().nullable(),
  slurmState: z.string().nullable().describe("The job's state as squeue/scontrol last reported it (PENDING, RUNNING, COMPLETED, TIMEOUT, ...)."),
  queueReason: z.string().nullable().describe("Slurm's pending reason (Priority, Resources, ...)."),
  evaluation: ZRunEvaluationApi,
});

export const ZRunMetricsQuery = z.object({
  axis: z.enum(["step", "epoch", "wall"]).default("step"),
  x0: z.coerce.number().optional().describe("Zoom window start, in axis units."),
  x1: z.coerce.number().optional().describe("Zoom window end, in axis units."),
  maxPoints: z.coerce.number().int().min(10).max(10_000).default(2000).describe("Above this many points per series the server buckets (min/max + mean)."),
});
const ZXY = z.object({ x: z.number(), y: z.number() });
const ZSeries = z.object({
  points: z.array(ZXY),
  means: z.array(z.object({ x: z.number(), y: z.number(), n: z.number().int() })).nullable(),
  nonFinite: z.array(z.object({ x: z.number(), step: z.number().int(), value: z.enum(["NaN", "Infinity", "-Infinity"]), count: z.number().int() })),
});
export const ZRunMetricsResponse = z.object({
  runId: z.string(), xAxis: z.enum(["step", "epoch", "wall"]),
  range: z.object({ x0: z.number(), x1: z.number() }).nullable(),
  bucketed: z.boolean(), pointCount: z.number().int(), lastOffset: z.number(), segments: z.number().int(),
  series: z.object({ loss: ZSeries, evalLoss: ZSeries, lr: ZSeries, gradNorm: ZSeries, throughput: ZSeries }),
});

export const ZLaunchRequest = z.object({
  preset: z.string().min(1, "is required").max(200).describe("Preset id or name."),
  version: z.number().int().min(1).optional().describe("Preset version; default the latest."),
  host: z.string().min(1).max(200).optional().describe("Host id or name (SSH). Give `host` or `cluster`."),
  cluster: z.string().min(1).max(200).optional().describe("Slurm cluster id or name: sbatch --gres=gpu:<len(gpus)>; Slurm picks node and devices."),
  gpus: z.array(z.number().int().min(0).max(63)).min(1, "pick at least one GPU").max(64),
  overrides: withOverrideCap(z.union([z.array(z.string().max(5000)).max(MAX_OVERRIDES, `at most ${MAX_OVERRIDES} overrides`), z.record(z.string().max(200), z.union([z.string(), z.number(), z.boolean(), z.null()]))])).default([])
    .describe('LLaMA-Factory keys set on top of the preset: ["learning_rate=5e-5"] or {"learning_rate": 5e-5}.'),
  name: ZRunName.optional().describe("Run name; default: the preset name and the time."),
  priority: z.number().int().min(-100).max(100).default(0),
  nodes: z.array(z.object({ host: z.string().min(1).max(200), gpus: z.array(z.number().int().min(0).max(63)).min(1).max(64) })).max(15).optional()
    .describe("A multi-node run: nodes 1..N-1 (node 0 is `host`/`gpus`), each with as many GPUs as node 0. Every node gets FORCE_TORCHRUN=1, NNODES, NODE_RANK, MASTER_ADDR (node 0's address) and MASTER_PORT."),
  masterPort: z.number().int().min(1024).max(65535).optional().describe("MASTER_PORT of a multi-node run (default 29500); checked free on node 0 and reachable from every node before the start."),
}).meta({ examples: [{ preset: "<preset>", host: "<host>", gpus: [0] }, { preset: "<preset>", cluster: "<cluster>", gpus: [0, 1] }, { preset: "<preset>", host: "<node 0>", gpus: [0], nodes: [{ host: "<node 1>", gpus: [0] }], masterPort: 29500 }] });
export const ZIssue = z.object({ key: z.string(), message: z.string() });
export const ZLaunchResponse = z.object({ runId: z.string(), url: z.string(), warnings: z.array(ZIssue) });

export const ZStopRequest = z.object({ reason: z.string().max(500).optional() });
export const ZStopResponse = z.object({ runId: z.string(), status: ZStatus, alreadyRequested: z.boolean() });

export const ZResumeRequest = z.object({
  checkpoint: ZCheckpointName.optional().describe("checkpoint-<step> or best-checkpoint-<step> (the copy early stopping protected). Default: the best checkpoint if known, else the latest."),
  name: ZRunName.optional(),
});
export const ZResumeResponse = ZLaunchResponse.extend({ checkpoint: z.string() });

export const ZEvaluateRequest = z.object({
  checkpoint: ZCheckpointName.optional().describe("checkpoint-<step> or best-checkpoint-<step>. Default: the best checkpoint if known, else the latest."),
  dataset: z.string().min(1).max(600).describe("Eval dataset name(s) from the host's data/dataset_info.json, comma-separated (LF's eval_dataset)."),
  maxSamples: z.number().int().min(1).max(100_000).optional().describe("max_samples per dataset (default 50)."),
});
export const ZEvaluateResponse = ZLaunchResponse.extend({ checkpoint: z.string() });
