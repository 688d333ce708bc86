"use server";
// Run page mutations: parse → role check → lib/runs → revalidate. The kill ladder itself runs in the worker.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { requestStop } from "@/lib/runs/request-stop";
import { resumeRun } from "@/lib/runs/resume-run";

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

export const resumeRunAction = authAction({ role: "OPERATOR", schema: ZRunId, audit: { action: "run.resume", targetType: "run", targetId: inputField("runId") } }, async ({ runId }, { user, meta }) => {
  const r = await resumeRun({ runId, userId: user.id }, meta);
  revalidatePath(`/runs/${runId}`);
  return { runId: r.runId, checkpoint: r.checkpoint };
});
