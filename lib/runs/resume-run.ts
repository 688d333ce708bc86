// Resume: a child run of a stopped/killed/failed run, continuing from one of its checkpoints on the
// same host (the checkpoint lives in the parent's folder there). The parent's resolved YAML is the
// base, so the child trains exactly what the parent did.
import path from "node:path";
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { connectSsh } from "@/lib/ssh/connect";
import { open } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { listResumableCommand, parseResumable, pickResumeCheckpoint } from "@/lib/runs/pick-resume-checkpoint";
import type { TAuditMeta } from "@/lib/audit/record-audit";
import { createRun, type TCreateRunResult } from "@/lib/runs/create-run";
import { ZCheckpointName } from "@/lib/runs/checkpoint-name";
import { sshErrorToAppError } from "@/lib/hosts/ssh-error-to-app-error";

export const ZResumeRun = z.object({
  runId: z.string().min(1).max(64),
  userId: z.string().min(1).nullable(),
  /** e.g. "checkpoint-200" or "best-checkpoint-140"; default: the protected best checkpoint if known, else the latest. */
  checkpoint: ZCheckpointName.optional(),
  name: z.string().optional(),
});

const RESUMABLE = ["STOPPED", "KILLED", "FAILED", "STOPPED_EARLY"];

export async function listRunCheckpoints(o: { runId: string }): Promise<string[]> {
  const run = await prisma.run.findUnique({ where: { id: o.runId }, include: { host: true } });
  if (!run) throw new AppError("not_found", "Run not found.");
  const h = run.host;
  let conn;
  try {
    conn = await connectSsh({ address: h.address, port: h.port, username: h.username, privateKey: open(h.privateKeyEnc, env().HOST_KEY_SECRET), expectedFingerprint: h.hostKeyFingerprint });
  } catch (e) {
    throw sshErrorToAppError(e);
  }
  try {
    const r = await conn.exec(listResumableCommand(run.outputDir), { timeoutMs: 15_000 });
    return parseResumable(r.stdout);
  } finally {
    conn.close();
  }
}

export async function resumeRun(raw: z.input<typeof ZResumeRun>, meta: TAuditMeta = {}): Promise<TCreateRunResult & { checkpoint: string }> {
  const input = ZResumeRun.parse(raw);
  const parent = await prisma.run.findUnique({ where: { id: input.runId }, include: { nodes: { where: { rank: { gt: 0 } }, orderBy: { rank: "asc" } } } });
  if (!parent) throw new AppError("not_found", "Run not found.");
  if (!RESUMABLE.includes(parent.status)) throw new AppError("conflict", `Only stopped, killed or failed runs can be resumed (this one is ${parent.status}).`);
  if (!parent.presetVersionId) throw new AppError("conflict", "This run has no preset version to resume from.");
  const available = await listRunCheckpoints({ runId: parent.id });
  if (available.length === 0) throw new AppError("conflict", "This run saved no checkpoint on the host, so there is nothing to resume from.");
  const checkpoint = pickResumeCheckpoint({ available, bestCheckpoint: parent.bestCheckpoint, ...(input.checkpoint ? { requested: input.checkpoint } : {}) });
  if (!checkpoint) throw new AppError("invalid", `${input.checkpoint ?? "a checkpoint"} does not exist in the run folder (have: ${available.join(", ")}).`, "checkpoint");
  const res = await createRun(
    {
      presetVersionId: parent.presetVersionId,
      hostId: parent.hostId,
      ...(parent.executor === "SLURM" && parent.slurmClusterId ? { clusterId: parent.slurmClusterId } : {}),
      gpuIndices: parent.gpuIndices,
      // A multi-node run resumes on the same nodes; each must see the checkpoint (a shared filesystem),
      // which the nodes' preflight checks.
      nodes: parent.nodes.map((n) => ({ hostId: n.hostId, gpuIndices: n.gpuIndices })),
      ...(parent.nodes.length && parent.masterPort ? { masterPort: parent.masterPort } : {}),
      overrides: parent.overrides as Record<string, unknown>,
      name: input.name ?? `${parent.name.slice(0, 60)} resume`,
      priority: parent.priority,
      userId: input.userId,
    },
    {
      parentRunId: parent.id,
      baseYaml: parent.configYaml,
      baseSecretsSealed: parent.configSecretsSealed,
      extraConfig: { resume_from_checkpoint: path.posix.join(parent.outputDir, checkpoint) },
      rules: parent.rules as Prisma.InputJsonValue,
      meta,
    },
  );
  return { ...res, checkpoint };
}
