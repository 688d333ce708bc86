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
