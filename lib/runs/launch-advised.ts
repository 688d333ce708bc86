// One click on "Try the advised change": a child run of the same preset version, host and GPUs, with
// the parent's overrides plus the advised change (recomputed here from the parent, never taken from
// the client), linked to its parent and audited with the change.
import { parse } from "yaml";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createRun, type TCreateRunResult } from "@/lib/runs/create-run";
import { advisedChanges, type TAdvisedChange } from "@/lib/runs/advised-change";
import type { TAuditMeta } from "@/lib/audit/record-audit";

function childName(name: string, id: string): string {
  const suffix = `-${id}`;
  return name.length + suffix.length <= 80 ? `${name}${suffix}` : `${name.slice(0, 80 - suffix.length)}${suffix}`;
}

export async function runAdvisedChanges(runId: string): Promise<TAdvisedChange[]> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { verdict: true, configYaml: true, bestStep: true, totalSteps: true } });
  if (!run) throw new AppError("not_found", "Run not found.");
  let config: Record<string, unknown> = {};
  try { config = (parse(run.configYaml) ?? {}) as Record<string, unknown>; } catch { /* an unreadable snapshot gives no advice */ }
  return advisedChanges({ verdict: run.verdict, config, bestStep: run.bestStep, totalSteps: run.totalSteps });
}

export async function launchAdvisedChange(o: { runId: string; changeId: string; userId: string | null }, meta: TAuditMeta = {}): Promise<TCreateRunResult & { change: TAdvisedChange }> {
  const run = await prisma.run.findUnique({ where: { id: o.runId }, select: { id: true, name: true, presetVersionId: true, hostId: true, gpuIndices: true, overrides: true, status: true } });
  if (!run) throw new AppError("not_found", "Run not found.");
  if (!run.presetVersionId) throw new AppError("conflict", "This run has no preset version to launch from.");
  const change = (await runAdvisedChanges(run.id)).find((c) => c.id === o.changeId);
  if (!change) throw new AppError("invalid", "That change is not advised for this run's verdict.", "changeId");
  const r = await createRun({
    presetVersionId: run.presetVersionId, hostId: run.hostId, gpuIndices: run.gpuIndices,
    overrides: { ...(run.overrides as Record<string, unknown>), ...change.set }, name: childName(run.name, change.id), userId: o.userId,
  }, { parentRunId: run.id, parentKind: "advice", auditData: { advisedChange: change.id, set: change.set }, meta });
  return { ...r, change };
}
