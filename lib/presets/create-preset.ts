// Creates a preset with its version 1 and the audit row, in one transaction.
import { z } from "zod";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZPresetDescription, ZPresetName, ZVersionMessage, ZYamlText } from "@/lib/presets/preset-input";
import { assertValidPresetYaml } from "@/lib/presets/validate-preset-yaml";
import { prepareSecrets } from "@/lib/presets/secrets";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZCreatePreset = z.object({
  name: ZPresetName,
  description: ZPresetDescription.default(""),
  yaml: ZYamlText,
  message: ZVersionMessage.default("Created"),
  allowExtraKeys: z.boolean().default(false),
  userId: z.string().min(1).nullable(),
});
export type TCreatePresetInput = z.input<typeof ZCreatePreset>;

export async function createPreset(raw: TCreatePresetInput, meta: TAuditMeta = {}): Promise<{ id: string; versionId: string; version: number }> {
  const input = ZCreatePreset.parse(raw);
  const { warnings } = assertValidPresetYaml(input.yaml, "yaml", { allowExtraKeys: input.allowExtraKeys });
  const sealed = prepareSecrets(input.yaml, {});
  try {
    return await prisma.$transaction(async (tx) => {
      const preset = await tx.preset.create({
        data: { name: input.name, description: input.description, createdById: input.userId },
      });
      const v = await tx.presetVersion.create({
        data: { presetId: preset.id, version: 1, yaml: sealed.yaml, secretsSealed: sealed.secretsSealed, allowExtraKeys: input.allowExtraKeys,
          message: input.message, createdById: input.userId },
      });
      await recordAudit({ actorId: input.userId, action: "preset.create", targetType: "preset", targetId: preset.id,
        // Key names only: audit rows never carry a secret's value.
        data: { name: input.name, version: 1, warnings: warnings.length, sealedSecrets: sealed.keys, allowExtraKeys: input.allowExtraKeys }, ...meta }, tx);
      return { id: preset.id, versionId: v.id, version: 1 };
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      throw new AppError("conflict", `A preset named "${input.name}" already exists.`, "name");
    throw e;
  }
}
