// Launch request → QUEUED Run row (+ RunEvent + AuditEvent) → `{runId}` on the launch queue.
// Postgres is written first; if Redis is down the worker's sweep still finds the run.
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { MAX_OVERRIDES, withOverrideCap } from "@/lib/runs/overrides-input";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { QueueName } from "@/lib/queue/contracts";
import { ZGpuList } from "@/lib/hosts/parse-nvidia-smi";
import { parseOverrides } from "@/lib/runs/parse-overrides";
import { buildRunYaml } from "@/lib/runs/build-run-yaml";
import { maskSecrets, openSecrets, sealSecrets } from "@/lib/presets/secrets";
import { isSecretValue, SECRET_MASK } from "@/lib/presets/secret-keys";
import type { TLintOptions } from "@/lib/presets/lint-config";
import { ZRunName } from "@/lib/runs/run-name";
import { addRunEvent } from "@/lib/runs/run-events";
import { createLogger } from "@/lib/logger";
import { recordAudit, recordRefusal, type TAuditMeta } from "@/lib/audit/record-audit";
import { currentRuntime, getHostProfile } from "@/lib/hosts/profile/host-profile";
import { runPreflight } from "@/lib/runs/preflight/run-preflight";
import { launchEnvFor } from "@/lib/runs/launch-env";
import { planNodes, ZExtraNodes } from "@/lib/runs/multi-node/plan-nodes";

const log = createLogger("RUN CREATE");

export const ZCreateRun = z.object({
  presetVersionId: z.string().min(1, "is required").max(64),
  hostId: z.string().max(64).default(""),
  /** A Slurm cluster target instead of a host: Slurm picks the node and GPUs; gpuIndices only counts them. */
  clusterId: z.string().min(1).max(64).optional(),
  gpuIndices: z.array(z.number().int().min(0).max(63)).min(1, "pick at least one GPU").max(64),
  overrides: withOverrideCap(z.union([z.string().max(100_000), z.array(z.string().max(5_000)).max(MAX_OVERRIDES), z.record(z.string().max(200), z.unknown())])).default([]),
  name: ZRunName,
  priority: z.number().int().min(-100).max(100).default(0),
  userId: z.string().min(1).nullable(),
  /** A multi-node run: nodes 1..N-1 (node 0 is hostId/gpuIndices); torchrun over all of them. */
  nodes: ZExtraNodes.default([]),
  masterPort: z.number().int().min(1024, "must be 1024 or above").max(65535).optional(),
  /** The address the other nodes reach node 0 at (default: its SSH address). */
  masterAddr: z.string().max(253).optional(),
});
export type TCreateRunInput = z.input<typeof ZCreateRun>;
export type TCreateRunResult = { runId: string; warnings: { key: string; message: string }[]; preflight: { checked: boolean; ms: number } };

/** Server-generated run ids: lowercase alphanumerics only, so they are safe in paths and job ids. */
export function newRunId(): string {
  return "r" + Date.now().toString(36) + randomBytes(6).toString("hex");
}

/** Lint errors as named fields (config.<key>), so the form, the API and the CLI point at each key. */
function lintRefusal(what: "overrides" | "config", errors: { key: string; message: string }[]): AppError {
  const fields = errors.map((e) => ({ field: e.key ? `config.${e.key}` : "overrides", message: e.message }));
  return new AppError("invalid", `${what}: ${errors.map((e) => `${e.key} ${e.message}`).join("; ")}`, "overrides", fields);
}

export type TCreateRunInternal = {
  parentRunId?: string;
  /** Why the run has a parent: a resume from its checkpoint (default), or "try the advised change". */
  parentKind?: "resume" | "advice";
  /** A sweep trial: linked in the same transaction that creates the run, only if still PENDING, so a
   *  trial can never get two runs (a second driver, or a retry after a crash, finds it LAUNCHED). */
  sweepTrial?: { id: string; sweepId: string; target: { hostId: string; gpuIndices: number[] } };
  baseYaml?: string; baseSecretsSealed?: string | null; extraConfig?: Record<string, unknown>; rules?: Prisma.InputJsonValue; meta?: TAuditMeta;
  /** Audit data added to the run.launch row (e.g. the advised change). */
  auditData?: Record<string, unknown>;
  /** A checkpoint evaluation: the training run it scores (lib/evaluation/evaluate-checkpoint). */
  evaluates?: { runId: string; checkpoint: string; dataset: string };
};

export async function createRun(raw: TCreateRunInput, internal: TCreateRunInternal = {}): Promise<TCreateRunResult> {
  const input = ZCreateRun.parse(raw);
  const pv = await prisma.presetVersion.findUnique({ where: { id: input.presetVersionId }, include: { preset: true } });
  if (!pv) throw new AppError("not_found", "Preset version not found.", "presetVersionId");
  const cluster = input.clusterId ? await prisma.slurmCluster.findUnique({ where: { id: input.clusterId } }) : null;
  if (input.clusterId && !cluster) throw new AppError("not_found", "Slurm cluster not found.", "clusterId");
  if (!cluster && !input.hostId) throw new AppError("invalid", "hostId: pick a host or a Slurm cluster.", "hostId");
  // A cluster's files, runtime profile and preflight live on its login node (the shared filesystem).
  const host = await prisma.host.findUnique({ where: { id: cluster ? cluster.loginHostId : input.hostId } });
  if (!host || host.archived) throw new AppError("not_found", "Host not found.", "hostId");
  if (!cluster && (await prisma.slurmCluster.findUnique({ where: { loginHostId: host.id }, select: { id: true } })))
    throw new AppError("invalid", `hostId: ${host.name} is a Slurm login node; launch on its cluster instead.`, "hostId");
  let gpus = [...new Set(input.gpuIndices)].sort((a, b) => a - b);
  if (gpus.length !== input.gpuIndices.length) throw new AppError("invalid", "gpuIndices: a GPU is listed twice.", "gpuIndices");
  if (cluster) {
    if (gpus.length > cluster.gpusPerNode) throw new AppError("invalid", `gpuIndices: ${cluster.name} offers ${cluster.gpusPerNode} GPUs per node; asked for ${gpus.length}.`, "gpuIndices");
    gpus = gpus.map((_, i) => i); // Slurm assigns the devices; only the count is ours.
  } else {
    const known = new Set((ZGpuList.safeParse(host.gpus).data ?? []).map((g) => g.index));
    const missing = gpus.filter((g) => !known.has(g));
    if (missing.length) throw new AppError("invalid", `gpuIndices: host ${host.name} has no GPU ${missing.join(", ")}.`, "gpuIndices");
  }

  // Lint as that host's LLaMA-Factory will parse it: the versions its last runtime probe recorded.
  const { profile, runtime } = await getHostProfile(host.id);
  if (!profile) throw new AppError("invalid", `${host.name} has no runtime profile: set how LLaMA-Factory starts there on the Hosts page (or press Detect).`, "hostId");
  const probed = currentRuntime(profile, runtime);
  const allowExtraKeys = pv.allowExtraKeys === true;
  const lintOpts: TLintOptions = { allowExtraKeys, lfVersion: probed?.lfVersion ?? null, transformersVersion: probed?.transformersVersion ?? null };
  const ov = parseOverrides(input.overrides, lintOpts);
  const runId = newRunId();
  const baseYaml = internal.baseYaml ?? pv.yaml;
  const extra = internal.extraConfig ? { extra: internal.extraConfig } : {};
  const draft = buildRunYaml({ presetYaml: baseYaml, overrides: ov.values, outputDir: runId, lint: lintOpts, ...extra });
  const lintErrors = [...ov.errors, ...draft.errors];
  if (lintErrors.length && !draft.yaml) throw lintRefusal(ov.errors.length ? "overrides" : "config", lintErrors);

  // Preflight on the host before anything is queued. It runs even when the lint already refused a key,
  // so one launch attempt lists every problem (typo key, missing dataset, missing DeepSpeed file...).
  const pf = await runPreflight({ hostId: host.id, hostName: host.name, profile, config: draft.config, gpuIndices: gpus });
  if (lintErrors.length && !pf.errors.length) throw lintRefusal(ov.errors.length ? "overrides" : "config", lintErrors);
  if (pf.errors.length) {
    const fields = [...lintRefusal("config", lintErrors).fields ?? [], ...pf.errors];
    await recordRefusal({ actorId: input.userId, action: "run.launch", targetType: "host", targetId: host.id, reason: fields.map((e) => `${e.field}: ${e.message}`).join(" | ").slice(0, 2000), data: { name: input.name, gpus, presetVersionId: pv.id }, ...internal.meta });
    throw new AppError("invalid", `Preflight on ${host.name} refused the launch: ${fields.map((e) => `${e.field}: ${e.message}`).join("; ")}`, fields[0]!.field, fields);
  }
  const runsDirAbs = pf.runsDirAbs ?? (probed?.ok ? probed.runsDirAbs : null);
  if (!runsDirAbs) throw new AppError("unreachable", `${host.name} did not answer and has no successful runtime probe with profile v${profile.version}, so the runs folder is unknown; refresh the host and launch again.`, "hostId");
  const outputDir = path.posix.join(runsDirAbs, runId);
  const built = buildRunYaml({ presetYaml: baseYaml, overrides: ov.values, outputDir, lint: lintOpts, ...extra });
  if (built.errors.length) throw lintRefusal("config", built.errors);
  if (input.nodes.length && cluster) throw new AppError("invalid", "nodes: a Slurm run gets its nodes from Slurm; pick SSH hosts for a multi-node run.", "nodes");
  const plan = input.nodes.length
    ? await planNodes({ runId, rank0: { host, gpuIndices: gpus, outputDir }, extra: input.nodes, masterAddr: input.masterAddr, masterPort: input.masterPort, config: built.config })
    : null;
  const launchEnv = { ...launchEnvFor({ config: built.config, gpuCount: gpus.length, allowExtraKeys }), ...(plan ? { FORCE_TORCHRUN: "1" as const } : {}) };
  // Secrets (the preset's, and any an override sets) are stored masked and sealed, like a preset's.
  const { masked: configYaml, secrets: overrideSecrets } = maskSecrets(built.yaml);
  const secrets = { ...openSecrets(internal.baseSecretsSealed !== undefined ? internal.baseSecretsSealed : pv.secretsSealed), ...overrideSecrets };
  const storedOverrides = Object.fromEntries(Object.entries(ov.values).map(([k, v]) => [k, isSecretValue(k, v) ? SECRET_MASK : v]));

  await prisma.$transaction(async (tx) => {
    await tx.run.create({
      data: {
        id: runId,
        name: input.name,
        // A Slurm run goes straight to its submit: Slurm holds the queue, no GPU lease of ours.
        status: cluster ? "STARTING" : "QUEUED",
        priority: input.priority,
        hostId: host.id,
        executor: cluster ? "SLURM" : "SSH",
        targetId: cluster ? cluster.id : host.id,
        slurmClusterId: cluster?.id ?? null,
        gpuIndices: gpus,
        presetVersionId: pv.id,
        overrides: storedOverrides as Prisma.InputJsonValue,
        configYaml,
        configSecretsSealed: sealSecrets(secrets),
        rules: internal.rules ?? (pv.preset.rules as Prisma.InputJsonValue),
        outputDir,
        hostProfileId: profile.id,
        launchEnv: launchEnv as Prisma.InputJsonValue,
        ...(plan ? { masterAddr: plan.masterAddr, masterPort: plan.masterPort, nodes: { create: plan.nodes.map((n) => ({ rank: n.rank, hostId: n.hostId, gpuIndices: n.gpuIndices, outputDir: n.outputDir })) } } : {}),
        createdById: input.userId,
        ...(internal.parentRunId ? { parentRunId: internal.parentRunId } : {}),
        ...(internal.evaluates ? { evaluatesRunId: internal.evaluates.runId, evalCheckpoint: internal.evaluates.checkpoint, evalDataset: internal.evaluates.dataset } : {}),
      },
    });
    if (internal.sweepTrial) {
      const linked = await tx.sweepTrial.updateMany({ where: { id: internal.sweepTrial.id, status: "PENDING", runId: null },
        data: { status: "LAUNCHED", runId, launchedAt: new Date(), target: internal.sweepTrial.target } });
      if (linked.count !== 1) throw new AppError("conflict", "This sweep trial has already been launched.");
    }
    const where = plan ? `${plan.nodes.length} nodes (node 0 ${host.name} GPU ${gpus.join(",")}; MASTER_PORT ${plan.masterPort})` : `${host.name} GPU ${gpus.join(",")}`;
    await addRunEvent({ runId, type: "QUEUED", message: cluster ? `Submitting to Slurm cluster ${cluster.name} (gres gpu:${gpus.length}, partition ${cluster.partition})` : `Queued on ${where}`, data: { priority: input.priority } }, tx);
    const resume = !!internal.parentRunId && (internal.parentKind ?? "resume") === "resume";
    await recordAudit({ actorId: input.userId, action: resume ? "run.resume" : internal.evaluates ? "run.evaluate" : "run.launch", targetType: "run", targetId: runId,
      data: { name: input.name, hostId: host.id, ...(plan ? { nodes: plan.nodes.map((n) => ({ rank: n.rank, hostId: n.hostId, gpus: n.gpuIndices })), masterPort: plan.masterPort } : {}), ...(cluster ? { clusterId: cluster.id, executor: "SLURM" } : {}), gpus, presetVersionId: pv.id, ...(internal.parentRunId ? { parentRunId: internal.parentRunId } : {}),
        ...(internal.evaluates ? { evaluatesRunId: internal.evaluates.runId, checkpoint: internal.evaluates.checkpoint, dataset: internal.evaluates.dataset } : {}),
        ...(internal.sweepTrial ? { sweepId: internal.sweepTrial.sweepId, sweepTrialId: internal.sweepTrial.id } : {}), ...internal.auditData }, ...internal.meta }, tx);
  });
  try {
    await enqueue(QueueName.RunLaunch, { runId });
  } catch (e) {
    log.warn("enqueue failed; the worker sweep will pick the run up", { runId, err: e as Error });
  }
  const pfWarnings = pf.warnings.map((w) => ({ key: w.field, message: w.message }));
  const nodeWarnings = (plan?.warnings ?? []).map((w) => ({ key: w.field, message: w.message }));
  return { runId, warnings: [...ov.warnings, ...built.warnings, ...pfWarnings, ...nodeWarnings], preflight: { checked: pf.checked, ms: pf.ms } };
}
