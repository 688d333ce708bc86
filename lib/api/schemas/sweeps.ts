import { z } from "zod";
import { ZSweepSpec } from "@/lib/sweeps/spec";
import { ZSweepName } from "@/lib/sweeps/sweep-name";
import { ZIsoDate } from "@/lib/api/schemas/common";

export const ZSweepListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const ZNum = z.number().nullable();

export const ZSweepSummary = z.object({
  id: z.string(), name: z.string(), status: z.enum(["RUNNING", "CANCELLING", "CANCELLED", "FINISHED"]), method: z.string(),
  keys: z.array(z.string()).describe("The swept keys."), stopper: z.string(), budget: z.number().int(), concurrency: z.number().int(),
  presetName: z.string(), presetVersion: z.number().int(), trialsLaunched: z.number().int(), trialsLive: z.number().int(), trialsPruned: z.number().int(),
  bestEvalLoss: ZNum.describe("The lowest finite eval loss any trial reached."), createdAt: ZIsoDate, finishedAt: ZIsoDate.nullable(),
});
export const ZSweepListResponse = z.object({ sweeps: z.array(ZSweepSummary) });

export const ZSweepCreateRequest = z.object({
  preset: z.string().min(1, "is required").max(200).describe("Preset id or name."),
  version: z.number().int().min(1).optional().describe("Preset version; default the latest."),
  name: ZSweepName.describe("Trial runs are named <name>-t<n>."),
  spec: ZSweepSpec.describe('What to search: {"method": "random", "space": {"learning_rate": {"type": "log", "min": 1e-5, "max": 1e-3}}, "budget": 8, "concurrency": 2, ' +
    '"stopper": {"type": "median", "minTrials": 3}, "targets": [{"hostId": "gpu-a", "gpuIndices": [0]}]}. targets[].hostId takes a host id or name.'),
});
export const ZSweepCreateResponse = z.object({ sweepId: z.string(), url: z.string(), trials: z.number().int(), seed: z.number().int().describe("Random search draws from it: the same spec and seed give the same trials.") });

export const ZSweepTrial = z.object({
  id: z.string(), index: z.number().int(), params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  status: z.enum(["PENDING", "LAUNCHED", "REFUSED", "SKIPPED"]), runId: z.string().nullable(), runName: z.string().nullable(), runStatus: z.string().nullable(),
  verdict: z.string().nullable(), bestEvalLoss: ZNum, evalCount: z.number().int(), lastStep: z.number().int().nullable(), totalSteps: z.number().int().nullable(),
  pruneRule: z.string().nullable().describe("median | asha when the cross-trial stopper stopped it."), pruneStep: z.number().int().nullable(),
  stopReason: z.string().nullable(), error: z.string().nullable().describe("Why the trial could not start (REFUSED)."),
  launchedAt: ZIsoDate.nullable(), startedAt: ZIsoDate.nullable(), finishedAt: ZIsoDate.nullable(),
});
export const ZSweepDetail = z.object({
  id: z.string(), url: z.string(), name: z.string(), status: z.string(), method: z.string(), seed: z.number().int(), budget: z.number().int(), concurrency: z.number().int(),
  spec: z.record(z.string(), z.unknown()), presetId: z.string(), presetName: z.string(), presetVersion: z.number().int(), presetVersionId: z.string(),
  createdAt: ZIsoDate, finishedAt: ZIsoDate.nullable(), createdByName: z.string().nullable(),
  promoted: z.object({ versionId: z.string(), version: z.number().int().nullable(), trialIndex: z.number().int().nullable() }).nullable(),
  bestTrialId: z.string().nullable(), trials: z.array(ZSweepTrial),
});

export const ZSweepPromoteRequest = z.object({ trialId: z.string().min(1).max(64).optional().describe("Default: the trial with the lowest eval loss.") });
export const ZSweepPromoteResponse = z.object({ presetId: z.string(), versionId: z.string(), version: z.number().int(), trialIndex: z.number().int() });
export const ZSweepCancelResponse = z.object({ sweepId: z.string(), status: z.string() });
