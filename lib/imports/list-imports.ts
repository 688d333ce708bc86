// Import jobs as the hosts page, the API and the CLI show them (BigInt counters as numbers).
import { prisma } from "@/lib/db";

export type TImportDto = {
  id: string; hostId: string; hostName: string; rootPath: string; resolvedRoot: string | null;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  dirsFound: number; dirsDone: number; dirsSkipped: number; runsCreated: number;
  bytesTotal: number; bytesDone: number; linesDone: number;
  /** 0..1 by bytes of trainer_log.jsonl (dirs when there are none); null before the find has run. */
  progress: number | null;
  /** Dirs whose run an earlier import already made (importing twice adds nothing). */
  alreadyImported: number;
  /** "12 new, 0 already imported" (and the dirs that belong to launched or adopted runs). */
  summary: string;
  error: string | null; createdAt: string; startedAt: string | null; finishedAt: string | null;
};

const SELECT = {
  id: true, hostId: true, rootPath: true, resolvedRoot: true, status: true, dirsFound: true, dirsDone: true, dirsSkipped: true, runsCreated: true,
  bytesTotal: true, bytesDone: true, linesDone: true, error: true, createdAt: true, startedAt: true, finishedAt: true, host: { select: { name: true } },
} as const;

type TRow = { [K in keyof typeof SELECT]: unknown } & Record<string, unknown>;

function toDto(r: TRow): TImportDto {
  const bytesTotal = Number(r.bytesTotal), bytesDone = Number(r.bytesDone), dirsFound = Number(r.dirsFound), dirsDone = Number(r.dirsDone);
  const status = r.status as TImportDto["status"];
  const found = status === "SUCCEEDED" || dirsFound > 0;
  const progress = status === "SUCCEEDED" ? 1 : !found ? null : bytesTotal > 0 ? Math.min(1, bytesDone / bytesTotal) : dirsFound > 0 ? dirsDone / dirsFound : 0;
  const dirsSkipped = Number(r.dirsSkipped), runsCreated = Number(r.runsCreated);
  const alreadyImported = Math.max(0, dirsDone - runsCreated - dirsSkipped);
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
  return {
    id: r.id as string, hostId: r.hostId as string, hostName: (r.host as { name: string }).name, rootPath: r.rootPath as string,
    resolvedRoot: (r.resolvedRoot as string | null) ?? null, status, dirsFound, dirsDone, dirsSkipped, runsCreated,
    bytesTotal, bytesDone, linesDone: Number(r.linesDone), progress, alreadyImported,
    summary: importSummary({ status, dirsFound, runsCreated, alreadyImported, dirsSkipped }), error: (r.error as string | null) ?? null,
    createdAt: iso(r.createdAt)!, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt),
  };
}

export function importSummary(o: { status: TImportDto["status"]; dirsFound: number; runsCreated: number; alreadyImported: number; dirsSkipped: number }): string {
  if (o.status === "QUEUED" || (o.status === "RUNNING" && o.dirsFound === 0)) return "looking for output dirs…";
  if (o.status === "FAILED" && o.runsCreated + o.alreadyImported + o.dirsSkipped === 0) return "nothing imported";
  const parts = [`${o.runsCreated} new`, `${o.alreadyImported} already imported`];
  if (o.dirsSkipped) parts.push(`${o.dirsSkipped} belong to launched or adopted runs`);
  return `${parts.join(", ")}${o.status === "RUNNING" ? ` (of ${o.dirsFound} found)` : o.dirsFound === 0 ? " (no LLaMA-Factory output dirs in this folder)" : ""}`;
}

export async function getImport(id: string): Promise<TImportDto | null> {
  const r = await prisma.importJob.findUnique({ where: { id }, select: SELECT });
  return r ? toDto(r as unknown as TRow) : null;
}

/** Newest first per host (the hosts page shows the last few of each). */
export async function listImports(o: { hostId?: string; take?: number } = {}): Promise<TImportDto[]> {
  const rows = await prisma.importJob.findMany({ where: o.hostId ? { hostId: o.hostId } : {}, orderBy: { createdAt: "desc" }, take: o.take ?? 20, select: SELECT });
  return rows.map((r) => toDto(r as unknown as TRow));
}
