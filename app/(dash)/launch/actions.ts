"use server";
// Launch → lib/runs/create-run (QUEUED row + job). Override errors come back naming the key.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction } from "@/lib/auth/auth-action";
import { createRun } from "@/lib/runs/create-run";
import { AppError } from "@/lib/errors";

const ZLaunch = z.object({
  presetVersionId: z.string().min(1, "pick a preset version"),
  hostId: z.string(),
  clusterId: z.string().min(1).optional(),
  gpuIndices: z.array(z.number().int().min(0)).min(1, "pick at least one GPU"),
  overrides: z.string().max(100_000),
  name: z.string(),
  nodes: z.array(z.object({ hostId: z.string().min(1, "pick a host"), gpuIndices: z.array(z.number().int().min(0)).min(1, "pick at least one GPU") })).max(15).optional(),
  masterPort: z.coerce.number().int("must be a whole number").min(1024, "must be between 1024 and 65535").max(65535, "must be between 1024 and 65535").optional(),
  priority: z.coerce.number().int("must be a whole number").min(-100, "must be between -100 and 100").max(100, "must be between -100 and 100"),
});

export const launchRunAction = authAction({ role: "OPERATOR", schema: ZLaunch, audit: { action: "run.launch", targetType: "run" } }, async (input, { user, meta }) => {
  if (!input.hostId && !input.clusterId) throw new AppError("invalid", "hostId: pick a host or a Slurm cluster", "hostId");
  const r = await createRun({ ...input, userId: user.id }, { meta });
  revalidatePath("/");
  return r;
});
