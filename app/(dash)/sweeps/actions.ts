"use server";
// Sweep mutations: create (from the sweep form), cancel, promote a trial to a preset version.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { AppError } from "@/lib/errors";
import { parseOverrides } from "@/lib/runs/parse-overrides";
import { createSweep } from "@/lib/sweeps/create-sweep";
import { cancelSweep } from "@/lib/sweeps/cancel-sweep";
import { promoteTrial } from "@/lib/sweeps/promote-trial";

const ZCreate = z.object({
  presetVersionId: z.string().min(1, "pick a preset version").max(64),
  name: z.string().max(200),
  spec: z.record(z.string(), z.unknown()),
  /** key=value lines set on every trial. */
  fixedText: z.string().max(20_000).default(""),
});

export const createSweepAction = authAction({ role: "OPERATOR", schema: ZCreate, audit: { action: "sweep.create", targetType: "sweep" } }, async (input, { user, meta }) => {
  const fixed = input.fixedText.trim() ? parseOverrides(input.fixedText) : { values: {}, errors: [] };
  if (fixed.errors.length) throw new AppError("invalid", fixed.errors.map((e) => `${e.key}: ${e.message}`).join("; "), "fixed",
    fixed.errors.map((e) => ({ field: e.key ? `fixed.${e.key}` : "fixed", message: e.message })));
  const r = await createSweep({ presetVersionId: input.presetVersionId, name: input.name, spec: { ...input.spec, fixed: fixed.values }, userId: user.id }, meta);
  revalidatePath("/sweeps");
  return r;
});

const ZId = z.object({ sweepId: z.string().min(1).max(64) });

export const cancelSweepAction = authAction({ role: "OPERATOR", schema: ZId, audit: { action: "sweep.cancel", targetType: "sweep", targetId: inputField("sweepId") } }, async ({ sweepId }, { user, meta }) => {
  const r = await cancelSweep({ sweepId, userId: user.id }, meta);
  revalidatePath(`/sweeps/${sweepId}`);
  return r;
});

export const promoteSweepTrialAction = authAction({ role: "OPERATOR", schema: ZId.extend({ trialId: z.string().min(1).max(64).optional() }), audit: { action: "sweep.promote", targetType: "sweep", targetId: inputField("sweepId") } },
  async ({ sweepId, trialId }, { user, meta }) => {
    const r = await promoteTrial({ sweepId, userId: user.id, ...(trialId ? { trialId } : {}) }, meta);
    revalidatePath(`/sweeps/${sweepId}`);
    return r;
  });
