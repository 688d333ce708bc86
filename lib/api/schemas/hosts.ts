import { z } from "zod";
import { ZIsoDate } from "@/lib/api/schemas/common";

export const ZHostGpu = z.object({
  index: z.number().int(), name: z.string(), memoryTotalMiB: z.number(), memoryUsedMiB: z.number(),
  utilization: z.number().nullable(), busyRunId: z.string().nullable(), busyRunName: z.string().nullable(),
});
export const ZHostSummary = z.object({
  id: z.string(), name: z.string(), address: z.string(), port: z.number().int(), username: z.string(),
  hostKeyFingerprint: z.string(), status: z.enum(["ONLINE", "UNREACHABLE"]),
  gpuCount: z.number().int(), freeGpus: z.array(z.number().int()),
  lastSeenAt: ZIsoDate.nullable(), lastError: z.string().nullable(),
});
export const ZHostListResponse = z.object({ hosts: z.array(ZHostSummary) });
export const ZHostGpusResponse = z.object({
  hostId: z.string(), name: z.string(), status: z.enum(["ONLINE", "UNREACHABLE"]), lastSeenAt: ZIsoDate.nullable(), gpus: z.array(ZHostGpu),
});

export const ZHostRuntime = z.object({
  ok: z.boolean(), problem: z.string().nullable().describe("Why LLaMA-Factory cannot start through the profile"),
  probedAt: ZIsoDate, profileVersion: z.number().int(), lfDirAbs: z.string().nullable(), runsDirAbs: z.string().nullable(),
  lfVersion: z.string().nullable(), transformersVersion: z.string().nullable(), torchVersion: z.string().nullable(),
  cudaDriver: z.string().nullable(), diskFreeBytes: z.number().nullable(), datasets: z.array(z.string()), datasetInfoError: z.string().nullable(),
}).meta({ description: "The last runtime probe through the current profile" });
export const ZHostProfileResponse = z.object({
  hostId: z.string(), name: z.string(),
  profile: z.object({
    version: z.number().int(), activation: z.string(), lfDir: z.string(), runsDir: z.string(),
    envVars: z.array(z.object({ name: z.string(), value: z.string().describe("•••••• for secret-looking names"), secret: z.boolean() })),
    createdAt: ZIsoDate,
  }).nullable(),
  runtime: ZHostRuntime.nullable(),
});
export const ZHostProfileRequest = z.object({
  activation: z.string().max(500).default("").describe("e.g. source ~/LLaMA-Factory/.venv/bin/activate"),
  lfDir: z.string().max(500).describe("LF checkout runs start from, absolute or ~/..."),
  runsDir: z.string().max(500).describe("Folder each run's output_dir goes in"),
  envVars: z.record(z.string(), z.string()).default({}).describe("Send •••••• to keep a stored secret value"),
  message: z.string().max(200).default(""),
});
export const ZHostDetectResponse = z.object({
  candidates: z.array(z.object({ activation: z.string(), lfDir: z.string(), via: z.string() })), checkouts: z.array(z.string()),
});

export const ZImportRequest = z.object({
  path: z.string({ error: "Give a folder on the host." }).describe("A folder on the host (LF's saves/, any output_dir tree); ~/x and relative paths are from the login home"),
});
export const ZImportJob = z.object({
  id: z.string(), hostId: z.string(), hostName: z.string(), rootPath: z.string(), resolvedRoot: z.string().nullable(),
  status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]),
  dirsFound: z.number().int(), dirsDone: z.number().int(), dirsSkipped: z.number().int(), runsCreated: z.number().int(), alreadyImported: z.number().int(),
  bytesTotal: z.number(), bytesDone: z.number(), linesDone: z.number(),
  progress: z.number().nullable().describe("0..1 by trainer_log.jsonl bytes; null until the folder has been searched"),
  summary: z.string().describe('e.g. "0 new, 12 already imported"'), error: z.string().nullable(),
  createdAt: ZIsoDate, startedAt: ZIsoDate.nullable(), finishedAt: ZIsoDate.nullable(),
});
export const ZImportStartResponse = z.object({ importId: z.string(), alreadyRunning: z.boolean().describe("The same folder was already being imported: this is that import"), import: ZImportJob });
export const ZImportListResponse = z.object({ imports: z.array(ZImportJob) });

export const ZAdoptable = z.object({
  pid: z.number().int(), pgid: z.number().int(), command: z.string(), cwd: z.string().nullable(), startedAt: ZIsoDate,
  configPath: z.string().nullable(), outputDir: z.string().nullable(), problem: z.string().nullable().describe("Why it cannot be adopted"),
  llamaboard: z.boolean().describe("LLAMABOARD_ENABLED is set: a graceful stop (SIGABRT) saves first"), torchrun: z.boolean(), ranks: z.number().int(),
  cudaVisibleDevices: z.string().nullable(), stdoutPath: z.string().nullable(),
  runId: z.string().nullable().describe("The run this process already is"), runOrigin: z.enum(["LAUNCHED", "ADOPTED"]).nullable(),
});
export const ZAdoptableResponse = z.object({ processes: z.array(ZAdoptable) });
export const ZAdoptRequest = z.object({ pid: z.number({ error: "Give the pid of the llamafactory-cli process." }).int().describe("The llamafactory-cli (or torchrun) root pid from /adoptable") });
export const ZAdoptResponse = z.object({ runId: z.string(), name: z.string(), outputDir: z.string(), url: z.string() });

export const ZClusterSummary = z.object({
  id: z.string(), name: z.string(), partition: z.string(), account: z.string().nullable(), qos: z.string().nullable(),
  timeLimitMin: z.number().int().describe("sbatch --time, minutes"), gpusPerNode: z.number().int().describe("From sinfo's GRES"), nodeCount: z.number().int(),
  loginHost: z.object({ id: z.string(), name: z.string(), address: z.string(), port: z.number().int(), username: z.string(), status: z.enum(["ONLINE", "UNREACHABLE"]) }),
  activeRuns: z.number().int(),
});
export const ZClusterListResponse = z.object({ clusters: z.array(ZClusterSummary) });
