// "Compare all runs of this preset": the newest runs (any version) that got as far as starting, at
// most the compare page's limit.
import { prisma } from "@/lib/db";

export const COMPARE_MAX_RUNS = 10;

export async function presetRunIds(presetId: string): Promise<string[]> {
  const rows = await prisma.run.findMany({
    where: { presetVersion: { presetId }, startedAt: { not: null } },
    orderBy: { createdAt: "desc" }, take: COMPARE_MAX_RUNS, select: { id: true },
  });
  return rows.map((r) => r.id).reverse();
}

export function compareUrl(runIds: string[]): string {
  return `/compare?runs=${runIds.join(",")}`;
}
