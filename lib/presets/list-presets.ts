import { prisma } from "@/lib/db";

export type TPresetListItem = {
  id: string; name: string; description: string; archived: boolean;
  latestVersion: number | null; updatedAt: Date; updatedBy: string | null;
};

/** The presets page list, newest change first; archived presets only when asked for. */
export async function listPresets(opts: { includeArchived?: boolean } = {}): Promise<TPresetListItem[]> {
  const rows = await prisma.preset.findMany({
    where: opts.includeArchived ? {} : { archived: false },
    orderBy: { updatedAt: "desc" },
    select: {
      id: true, name: true, description: true, archived: true, updatedAt: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, createdAt: true, createdBy: { select: { name: true } } } },
    },
  });
  return rows.map((r) => {
    const v = r.versions[0];
    return {
      id: r.id, name: r.name, description: r.description, archived: r.archived,
      latestVersion: v?.version ?? null,
      updatedAt: v && v.createdAt > r.updatedAt ? v.createdAt : r.updatedAt,
      updatedBy: v?.createdBy?.name ?? null,
    };
  });
}
