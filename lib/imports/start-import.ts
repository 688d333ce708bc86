// An import request (hosts page, API, CLI): the row first (Postgres is the truth), then the job id
// on the queue; a lost enqueue is re-delivered by the supervisor sweep.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { QueueName } from "@/lib/queue/contracts";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";
import { createLogger } from "@/lib/logger";
import { ZImportPath } from "./find-command";

const log = createLogger("IMPORT");

export const ZStartImport = z.object({
  hostId: z.string().min(1).max(64),
  path: ZImportPath,
  userId: z.string().min(1).nullable(),
});

export async function startImport(raw: z.input<typeof ZStartImport>, meta: TAuditMeta = {}): Promise<{ importId: string; alreadyRunning: boolean }> {
  const parsed = ZStartImport.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError("invalid", i.message, String(i.path[0] ?? "path"));
  }
  const input = parsed.data;
  const host = await prisma.host.findUnique({ where: { id: input.hostId }, select: { id: true, name: true, archived: true } });
  if (!host || host.archived) throw new AppError("not_found", "Host not found.", "hostId");
  // The same folder already being imported: join it rather than racing it.
  const live = await prisma.importJob.findFirst({ where: { hostId: host.id, rootPath: input.path, status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } });
  if (live) return { importId: live.id, alreadyRunning: true };
  const job = await prisma.importJob.create({ data: { hostId: host.id, rootPath: input.path, createdById: input.userId } });
  await recordAudit({ actorId: input.userId, action: "host.import", targetType: "host", targetId: host.id, data: { path: input.path, importId: job.id }, ...meta });
  try {
    await enqueue(QueueName.HostImport, { importId: job.id });
  } catch (e) {
    log.warn("import enqueue failed; the supervisor sweep re-delivers it", { importId: job.id, err: e as Error });
  }
  return { importId: job.id, alreadyRunning: false };
}
