// "Promote best trial to a new preset version": the sweep's preset version with the trial's fixed and
// swept values written into its YAML (comments and order kept), saved as the preset's next version
// (savePresetVersion audits preset.save) and recorded on the sweep (audited as sweep.promote).
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { applyOverrides } from "@/lib/presets/overrides";
import { savePresetVersion } from "@/lib/presets/save-preset-version";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { ZSweepSpec } from "@/lib/sweeps/spec";
import { bestTrial, minEvalLoss } from "@/lib/sweeps/best-trial";
import { loadEvalCurves } from "@/lib/sweeps/drive-sweep";

export async function promoteTrial(o: { sweepId: string; trialId?: string; userId: string | null }, meta: TAuditMeta = {}): Promise<{ presetId: string; versionId: string; version: number; trialIndex: number }> {
  const sweep = await prisma.sweep.findUnique({
    where: { id: o.sweepId },
    include: { presetVersion: { select: { id: true, yaml: true, version: true, presetId: true } },
      trials: true },
  });
  if (!sweep) throw new AppError("not_found", "Sweep not found.");
  const curves = await loadEvalCurves(sweep.trials.flatMap((t) => (t.runId ? [t.runId] : [])));
  const scored = sweep.trials.map((t) => ({ ...t, best: t.runId ? minEvalLoss(curves.get(t.runId) ?? []) : null }));
  const trial = o.trialId ? scored.find((t) => t.id === o.trialId) : bestTrial(scored);
  if (!trial) throw new AppError(o.trialId ? "not_found" : "conflict", o.trialId ? "No such trial in this sweep." : "No trial has an eval loss yet: nothing to promote.", "trialId");
  const spec = ZSweepSpec.parse(sweep.spec);
  const params = trial.params as Record<string, unknown>;
  const values = { ...spec.fixed, ...params };
  const yaml = applyOverrides(sweep.presetVersion.yaml, values);
  const loss = trial.best;
  const message = `Sweep "${sweep.name}" trial ${trial.index + 1}: ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(", ")}` +
    (loss !== null && loss !== undefined ? ` (best eval loss ${Number(loss.toPrecision(4))})` : "");
  const saved = await savePresetVersion({ presetId: sweep.presetVersion.presetId, yaml, message: message.slice(0, 500), userId: o.userId }, meta);
  await prisma.sweep.update({ where: { id: sweep.id }, data: { promotedVersionId: saved.versionId, promotedTrialId: trial.id } });
  await recordAudit({ actorId: o.userId, action: "sweep.promote", targetType: "sweep", targetId: sweep.id,
    data: { trial: trial.index + 1, runId: trial.runId, presetId: sweep.presetVersion.presetId, fromVersion: sweep.presetVersion.version, version: saved.version, values }, ...meta });
  return { presetId: sweep.presetVersion.presetId, versionId: saved.versionId, version: saved.version, trialIndex: trial.index };
}
