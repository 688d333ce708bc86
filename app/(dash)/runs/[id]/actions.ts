"use server";
// Run page mutations: parse → role check → lib/runs → revalidate. The kill ladder itself runs in the worker.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { requestStop } from "@/lib/runs/request-stop";
import { listRunCheckpoints, resumeRun } from "@/lib/runs/resume-run";
import { describeCheckpoints } from "@/lib/runs/describe-checkpoints";
import { ZCheckpointName } from "@/lib/runs/checkpoint-name";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { evaluateCheckpoint } from "@/lib/evaluation/evaluate-checkpoint";
import { parseRunConfig } from "@/lib/evaluation/run-config";
import { currentRuntime, getHostProfile } from "@/lib/hosts/profile/host-profile";
import { launchAdvisedChange } from "@/lib/runs/launch-advised";

const ZRunId = z.object({ runId: z.string().min(1).max(64) });

export const stopRunAction = authAction({ role: "OPERATOR", schema: ZRunId, audit: { action: "run.stop", targetType: "run", targetId: inputField("runId") } }, async ({ runId }, { user, meta }) => {
  const r = await requestStop({ runId, userId: user.id, kind: "GRACEFUL" }, meta);
  revalidatePath(`/runs/${runId}`);
  return r;
});

export const killRunAction = authAction({ role: "OPERATOR", schema: ZRunId, audit: { action: "run.kill", targetType: "run", targetId: inputField("runId") } }, async ({ runId }, { user, meta }) => {
  const r = await requestStop({ runId, userId: user.id, kind: "KILL" }, meta);
  revalidatePath(`/runs/${runId}`);
  return r;
});

/** The resume dialog's list: the run's checkpoints on its host, read over SSH when the dialog opens. */
export const listCheckpointsAction = authAction({ role: "OPERATOR", schema: ZRunId }, async ({ runId }) => {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { bestCheckpoint: true, lastStep: true } });
  if (!run) throw new AppError("not_found", "Run not found.");
  const available = await listRunCheckpoints({ runId });
  return { lastStep: run.lastStep, checkpoints: describeCheckpoints({ available, bestCheckpoint: run.bestCheckpoint, lastStep: run.lastStep }) };
});

const ZResume = ZRunId.extend({ checkpoint: ZCheckpointName.optional() });

export const resumeRunAction = authAction({ role: "OPERATOR", schema: ZResume, audit: { action: "run.resume", targetType: "run", targetId: inputField("runId") } }, async ({ runId, checkpoint }, { user, meta }) => {
  const r = await resumeRun({ runId, userId: user.id, ...(checkpoint ? { checkpoint } : {}) }, meta);
  revalidatePath(`/runs/${runId}`);
  return { runId: r.runId, checkpoint: r.checkpoint };
});

/** The evaluate dialog's choices: the run's checkpoints on its host and the datasets the host's LF knows. */
export const listEvalChoicesAction = authAction({ role: "OPERATOR", schema: ZRunId }, async ({ runId }) => {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { bestCheckpoint: true, lastStep: true, hostId: true, configYaml: true } });
  if (!run) throw new AppError("not_found", "Run not found.");
  const [available, { profile, runtime }] = await Promise.all([listRunCheckpoints({ runId }), getHostProfile(run.hostId)]);
  const datasets = (profile ? currentRuntime(profile, runtime)?.datasets : null) ?? [];
  const config = parseRunConfig(run.configYaml);
  const suggested = [config.eval_dataset, config.dataset].map((v) => (typeof v === "string" ? v.split(",")[0]!.trim() : "")).find((d) => d && datasets.includes(d)) ?? datasets[0] ?? null;
  return { checkpoints: describeCheckpoints({ available, bestCheckpoint: run.bestCheckpoint, lastStep: run.lastStep }), datasets, suggested };
});

const ZEvaluate = ZRunId.extend({ checkpoint: ZCheckpointName, dataset: z.string().min(1, "pick a dataset").max(600), maxSamples: z.number().int().min(1).max(100_000).optional() });

export const evaluateCheckpointAction = authAction({ role: "OPERATOR", schema: ZEvaluate, audit: { action: "run.evaluate", targetType: "run", targetId: inputField("runId") } }, async ({ runId, checkpoint, dataset, maxSamples }, { user, meta }) => {
  const r = await evaluateCheckpoint({ runId, userId: user.id, checkpoint, dataset, ...(maxSamples ? { maxSamples } : {}) }, meta);
  revalidatePath(`/runs/${runId}`);
  return { runId: r.runId, checkpoint: r.checkpoint };
});

const ZAdvised = ZRunId.extend({ changeId: z.string().min(1).max(40) });

/** "Try the advised change": launches the child run directly (the dialog showed the change first). */
export const launchAdvisedChangeAction = authAction({ role: "OPERATOR", schema: ZAdvised, audit: { action: "run.launch", targetType: "run", targetId: inputField("runId") } }, async ({ runId, changeId }, { user, meta }) => {
  const r = await launchAdvisedChange({ runId, changeId, userId: user.id }, meta);
  revalidatePath(`/runs/${runId}`);
  return { runId: r.runId, label: r.change.label };
});
