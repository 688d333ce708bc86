// New sweep: validate the spec (zod, field paths like `space.learning_rate.min`), check the hosts and
// GPUs, draw the trials (seeded), lint every trial's config as its host's LLaMA-Factory will parse it,
// then write the sweep and all its PENDING trials in one transaction. The worker's driver launches them.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZGpuList } from "@/lib/hosts/parse-nvidia-smi";
import { currentRuntime, getHostProfile } from "@/lib/hosts/profile/host-profile";
import { buildRunYaml } from "@/lib/runs/build-run-yaml";
import { parseOverrides } from "@/lib/runs/parse-overrides";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { specFieldErrors, ZSweepSpec } from "@/lib/sweeps/spec";
import { sampleTrials } from "@/lib/sweeps/sample-trials";
import { ZSweepName } from "@/lib/sweeps/sweep-name";

export const ZCreateSweep = z.object({
  presetVersionId: z.string().min(1, "is required").max(64),
  name: ZSweepName,
  spec: z.unknown(),
  userId: z.string().min(1).nullable(),
});
export type TCreateSweepInput = z.input<typeof ZCreateSweep>;

function refuse(fields: { field: string; message: string }[]): AppError {
  return new AppError("invalid", fields.map((f) => `${f.field}: ${f.message}`).join("; "), fields[0]?.field, fields);
}

export async function createSweep(raw: TCreateSweepInput, meta: TAuditMeta = {}): Promise<{ sweepId: string; trials: number; seed: number }> {
  const input = ZCreateSweep.parse(raw);
  const parsed = ZSweepSpec.safeParse(input.spec);
  if (!parsed.success) throw refuse(specFieldErrors(parsed.error));
  const spec = parsed.data;
  const pv = await prisma.presetVersion.findUnique({ where: { id: input.presetVersionId }, include: { preset: true } });
  if (!pv || pv.preset.archived) throw new AppError("not_found", "Preset version not found.", "presetVersionId");

  // Every target host exists and has the GPUs picked; the first one's LF version is what trials are linted against.
  const fields: { field: string; message: string }[] = [];
  let lint: { lfVersion: string | null; transformersVersion: string | null } | null = null;
  for (const [i, t] of spec.targets.entries()) {
    const host = await prisma.host.findUnique({ where: { id: t.hostId } });
    if (!host || host.archived) { fields.push({ field: `targets.${i}.hostId`, message: "no such host" }); continue; }
    const known = new Set((ZGpuList.safeParse(host.gpus).data ?? []).map((g) => g.index));
    const missing = t.gpuIndices.filter((g) => !known.has(g));
    if (missing.length) fields.push({ field: `targets.${i}.gpuIndices`, message: `${host.name} has no GPU ${missing.join(", ")}` });
    const { profile, runtime } = await getHostProfile(host.id);
    if (!profile) { fields.push({ field: `targets.${i}.hostId`, message: `${host.name} has no runtime profile` }); continue; }
    const probed = currentRuntime(profile, runtime);
    lint ??= { lfVersion: probed?.lfVersion ?? null, transformersVersion: probed?.transformersVersion ?? null };
  }
  const seen = new Set<string>();
  for (const [i, t] of spec.targets.entries()) {
    for (const g of t.gpuIndices) {
      const k = `${t.hostId}:${g}`;
      if (seen.has(k)) fields.push({ field: `targets.${i}.gpuIndices`, message: `GPU ${g} is in two targets` });
      seen.add(k);
    }
  }
  if (fields.length) throw refuse(fields);

  const seed = spec.seed ?? randomInt(0, 2 ** 31 - 1);
  const trials = sampleTrials(spec, seed);
  const lintOpts = { allowExtraKeys: pv.allowExtraKeys === true, ...lint };
  // Lint each trial's resolved config; an issue on a swept key points at that key's spec.
  const byField = new Map<string, string>();
  for (const [i, params] of trials.entries()) {
    const overrides = { ...spec.fixed, ...params };
    const ov = parseOverrides(overrides, lintOpts);
    const built = buildRunYaml({ presetYaml: pv.yaml, overrides: ov.values, outputDir: "/ffloor-lint/trial", lint: lintOpts });
    for (const e of [...ov.errors, ...built.errors]) {
      const field = e.key in spec.space ? `space.${e.key}` : e.key in spec.fixed ? `fixed.${e.key}` : e.key ? `config.${e.key}` : "spec";
      if (!byField.has(field)) byField.set(field, `trial ${i + 1} (${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(", ")}): ${e.message}`);
    }
  }
  if (byField.size) throw refuse([...byField].map(([field, message]) => ({ field, message })));

  const stored = { ...spec, seed };
  const sweep = await prisma.$transaction(async (tx) => {
    const s = await tx.sweep.create({
      data: {
        name: input.name, presetVersionId: pv.id, spec: stored as Prisma.InputJsonValue, method: spec.method, seed,
        budget: spec.budget, concurrency: spec.concurrency, createdById: input.userId,
        trials: { create: trials.map((params, index) => ({ index, params: params as Prisma.InputJsonValue })) },
      },
    });
    await recordAudit({ actorId: input.userId, action: "sweep.create", targetType: "sweep", targetId: s.id,
      data: { name: input.name, presetVersionId: pv.id, method: spec.method, keys: Object.keys(spec.space), budget: spec.budget, concurrency: spec.concurrency, stopper: spec.stopper.type, seed }, ...meta }, tx);
    return s;
  });
  return { sweepId: sweep.id, trials: trials.length, seed };
}
