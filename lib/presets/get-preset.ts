import { prisma } from "@/lib/db";

export type TPresetVersionDto = { id: string; version: number; yaml: string; message: string; createdAt: Date; createdBy: string | null; allowExtraKeys: boolean };
export type TPresetDto = {
  id: string; name: string; description: string; archived: boolean; createdAt: Date; updatedAt: Date;
  /** Newest first. */
  versions: TPresetVersionDto[];
};

export async function getPreset(opts: { presetId: string }): Promise<TPresetDto | null> {
  const p = await prisma.preset.findUnique({
    where: { id: opts.presetId },
    select: {
      id: true, name: true, description: true, archived: true, createdAt: true, updatedAt: true,
      versions: { orderBy: { version: "desc" }, select: { id: true, version: true, yaml: true, message: true, allowExtraKeys: true, createdAt: true, createdBy: { select: { name: true } } } },
    },
  });
  if (!p) return null;
  return { ...p, versions: p.versions.map(({ createdBy, ...v }) => ({ ...v, createdBy: createdBy?.name ?? null })) };
}

export async function getPresetVersion(opts: { presetVersionId: string }) {
  return prisma.presetVersion.findUnique({
    where: { id: opts.presetVersionId },
    select: { id: true, version: true, yaml: true, presetId: true, preset: { select: { name: true, archived: true, rules: true } } },
  });
}
