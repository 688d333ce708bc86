import { z } from "zod";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZId, ZPresetName } from "@/lib/presets/preset-input";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZDuplicatePreset = z.object({ presetId: ZId, name: ZPresetName, userId: z.string().min(1).nullable() });

/** Copies the latest version of a preset into a new preset (version 1), keeping the YAML bytes. */
export async function duplicatePreset(raw: z.input<typeof ZDuplicatePreset>, meta: TAuditMeta = {}): Promise<{ id: string }> {
  const input = ZDuplicatePreset.parse(raw);
  try {
    return await prisma.$transaction(async (tx) => {
      const src = await tx.preset.findUnique({
        where: { id: input.presetId },
        select: { id: true, name: true, description: true, rules: true, versions: { orderBy: { version: "desc" }, take: 1 } },
      });
      const latest = src?.versions[0];
      if (!src || !latest) throw new AppError("not_found", "No such preset.");
      const copy = await tx.preset.create({
        data: { name: input.name, description: src.description, rules: src.rules as Prisma.InputJsonValue, createdById: input.userId },
      });
      await tx.presetVersion.create({
        data: { presetId: copy.id, version: 1, yaml: latest.yaml, secretsSealed: latest.secretsSealed, allowExtraKeys: latest.allowExtraKeys, message: `Duplicated from ${src.name} v${latest.version}`, createdById: input.userId },
      });
      await recordAudit({ actorId: input.userId, action: "preset.duplicate", targetType: "preset", targetId: copy.id,
        data: { from: src.id, fromVersion: latest.version, name: input.name }, ...meta }, tx);
      return { id: copy.id };
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      throw new AppError("conflict", `A preset named "${input.name}" already exists.`, "name");
    throw e;
  }
}
