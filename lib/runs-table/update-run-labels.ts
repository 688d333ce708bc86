// Rename, tag and annotate a run: people's own words about it, audited like every other change.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZRunName } from "@/lib/runs/run-name";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

/** Tags are short words (letters, digits, - _ . : /) so they read as chips and are safe in a URL filter. */
export const ZTag = z.string().trim().toLowerCase().min(1).max(40, "a tag is at most 40 characters")
  .regex(/^[a-z0-9][a-z0-9._:/-]*$/, "a tag may contain letters, digits and . _ : / - (starting with a letter or digit)");

export const ZRunLabels = z.object({
  runId: z.string().min(1).max(64),
  name: ZRunName.optional(),
  /** Comma- or space-separated text (a form field) or a list. */
  tags: z.union([z.string().max(2000).transform((s) => s.split(/[\s,]+/).filter(Boolean)), z.array(z.string().max(200)).max(50)])
    .pipe(z.array(ZTag).max(20, "at most 20 tags")).transform((t) => [...new Set(t)]).optional(),
  notes: z.string().max(10_000, "notes are at most 10,000 characters").optional(),
});
export type TRunLabelsInput = z.input<typeof ZRunLabels>;

export async function updateRunLabels(raw: TRunLabelsInput, actor: { userId: string | null; meta?: TAuditMeta }): Promise<{ name: string; tags: string[]; notes: string }> {
  const input = ZRunLabels.parse(raw);
  return prisma.$transaction(async (tx) => {
    const before = await tx.run.findUnique({ where: { id: input.runId }, select: { name: true, tags: true, notes: true } });
    if (!before) throw new AppError("not_found", "Run not found.", "runId");
    const after = await tx.run.update({
      where: { id: input.runId },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.tags !== undefined ? { tags: input.tags } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
      },
      select: { name: true, tags: true, notes: true },
    });
    const changed: Record<string, unknown> = {};
    if (after.name !== before.name) changed.name = { from: before.name, to: after.name };
    if (after.tags.join(",") !== before.tags.join(",")) changed.tags = { from: before.tags, to: after.tags };
    if (after.notes !== before.notes) changed.notes = { length: after.notes.length };
    await recordAudit({ actorId: actor.userId, action: "run.label", targetType: "run", targetId: input.runId, data: changed, ...actor.meta }, tx);
    return after;
  });
}

/** Tags in use, most used first: the table's tag filter. */
export async function listTags(limit = 200): Promise<{ tag: string; runs: number }[]> {
  return prisma.$queryRaw<{ tag: string; runs: number }[]>`
    SELECT t AS tag, count(*)::int AS runs FROM runs, unnest(tags) t GROUP BY t ORDER BY count(*) DESC, t LIMIT ${limit}`;
}
