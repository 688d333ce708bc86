import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { TRulesConfig } from "@/lib/rules/config";
import { parseRules } from "./parse-rules";

export const ZSavePresetRules = z.object({
  presetId: z.string().min(1).max(64),
  rules: z.unknown(),
  userId: z.string().min(1).nullable(),
  ip: z.string().max(100).nullable().optional(),
  userAgent: z.string().nullable().optional(),
});

/**
 * Writes a preset's early-stop settings and its audit row in one transaction. The full parsed config
 * is stored (defaults filled in), so later default changes do not silently change a saved preset.
 * Runs already launched keep the copy they took at launch (Run.rules).
 */
export async function savePresetRules(raw: z.input<typeof ZSavePresetRules>): Promise<{ rules: TRulesConfig }> {
  const input = ZSavePresetRules.parse(raw);
  const parsed = parseRules(input.rules);
  if (!parsed.ok) throw new AppError("invalid", parsed.message, parsed.field ? `rules.${parsed.field}` : "rules");
  return prisma.$transaction(async (tx) => {
    const found = await tx.preset.findUnique({ where: { id: input.presetId }, select: { id: true, archived: true, rules: true } });
    if (!found) throw new AppError("not_found", "No such preset.");
    if (found.archived) throw new AppError("conflict", "This preset is archived; unarchive it to change its rules.");
    await tx.preset.update({ where: { id: input.presetId }, data: { rules: parsed.rules as unknown as Prisma.InputJsonValue } });
    await recordAudit({
      actorId: input.userId, action: "preset.rules.update", targetType: "preset", targetId: input.presetId,
      ip: input.ip ?? null, userAgent: input.userAgent ?? null,
      data: { before: found.rules, after: parsed.rules },
    }, tx);
    return { rules: parsed.rules };
  });
}
