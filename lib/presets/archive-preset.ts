import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZId } from "@/lib/presets/preset-input";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export const ZArchivePreset = z.object({ presetId: ZId, archived: z.boolean().default(true), userId: z.string().min(1).nullable() });

/** Archiving hides a preset from the list and from launch; versions stay because runs reference them. */
export async function archivePreset(raw: z.input<typeof ZArchivePreset>, meta: TAuditMeta = {}): Promise<{ id: string; archived: boolean }> {
  const input = ZArchivePreset.parse(raw);
  return prisma.$transaction(async (tx) => {
    const found = await tx.preset.findUnique({ where: { id: input.presetId }, select: { id: true } });
    if (!found) throw new AppError("not_found", "No such preset.");
    await tx.preset.update({ where: { id: input.presetId }, data: { archived: input.archived } });
    await recordAudit({ actorId: input.userId, action: input.archived ? "preset.archive" : "preset.unarchive", targetType: "preset", targetId: input.presetId, ...meta }, tx);
    return { id: input.presetId, archived: input.archived };
  });
}
