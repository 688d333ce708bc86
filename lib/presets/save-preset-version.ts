// Every save is a new PresetVersion; old versions are never changed because runs point at them.
import { z } from "zod";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZId, ZVersionMessage, ZYamlText } from "@/lib/presets/preset-input";
import { assertValidPresetYaml } from "@/lib/presets/validate-preset-yaml";
import { openSecrets, prepareSecrets, sameSecrets } from "@/lib/presets/secrets";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZSavePresetVersion = z.object({
  presetId: ZId,
  yaml: ZYamlText,
  message: ZVersionMessage.default(""),
  /** The version the editor started from; a newer one saved meanwhile is a conflict, not an overwrite. */
  baseVersion: z.number().int().min(1).optional(),
  /** Unset keeps the latest version's choice. */
  allowExtraKeys: z.boolean().optional(),
  userId: z.string().min(1).nullable(),
});
export type TSavePresetVersionInput = z.input<typeof ZSavePresetVersion>;

export async function savePresetVersion(raw: TSavePresetVersionInput, meta: TAuditMeta = {}): Promise<{ versionId: string; version: number }> {
  const input = ZSavePresetVersion.parse(raw);
  try {
    return await prisma.$transaction(async (tx) => {
      const preset = await tx.preset.findUnique({ where: { id: input.presetId }, select: { id: true, archived: true } });
      if (!preset) throw new AppError("not_found", "No such preset.");
      if (preset.archived) throw new AppError("conflict", "This preset is archived; restore it before saving.");
      const latest = await tx.presetVersion.findFirst({
        where: { presetId: preset.id }, orderBy: { version: "desc" }, select: { version: true, yaml: true, secretsSealed: true, allowExtraKeys: true },
      });
      const allowExtraKeys = input.allowExtraKeys ?? latest?.allowExtraKeys ?? false;
      assertValidPresetYaml(input.yaml, "yaml", { allowExtraKeys });
      const baseSecrets = openSecrets(latest?.secretsSealed);
      const sealed = prepareSecrets(input.yaml, baseSecrets);
      const current = latest?.version ?? 0;
      if (input.baseVersion !== undefined && input.baseVersion !== current)
        throw new AppError("conflict", `Version ${current} was saved after you opened version ${input.baseVersion}; reload to see it.`);
      if (latest && latest.yaml === sealed.yaml && sameSecrets(baseSecrets, sealed.secrets) && latest.allowExtraKeys === allowExtraKeys)
        throw new AppError("invalid", `No changes since version ${current}.`, "yaml");
      const version = current + 1;
      const v = await tx.presetVersion.create({
        data: { presetId: preset.id, version, yaml: sealed.yaml, secretsSealed: sealed.secretsSealed, allowExtraKeys, message: input.message, createdById: input.userId },
      });
      await tx.preset.update({ where: { id: preset.id }, data: { updatedAt: new Date() } });
      await recordAudit({ actorId: input.userId, action: "preset.save", targetType: "preset", targetId: preset.id,
        data: { version, message: input.message, sealedSecrets: sealed.keys, allowExtraKeys }, ...meta }, tx);
      return { versionId: v.id, version };
    });
  } catch (e) {
    // Two saves racing for the same number: the unique (presetId, version) key lets one win.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      throw new AppError("conflict", "Another save of this preset happened at the same time; reload and try again.");
    throw e;
  }
}
