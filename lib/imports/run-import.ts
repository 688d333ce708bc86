// The body of one import job. Everything it knows is in its import_jobs row: the dirs found (one
// remote find, stored before any run is created), and how many of them are done. A worker killed at
// any point leaves a row the next attempt continues from: done dirs are skipped, the dir in progress
// continues at its run's stored log offset (the ingest is exactly-once by byte offset).
import path from "node:path";
import { prisma, type Prisma } from "@/lib/db";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { createLogger } from "@/lib/logger";
import { findRunDirsCommand, parseFindOutput, type TFoundDir } from "./find-command";
import { importRunDir } from "./import-run-dir";

const log = createLogger("IMPORT");
const PROGRESS_EVERY_MS = 500;
const WINDOW = 4;

export class ImportFailed extends Error {}

async function fail(id: string, message: string): Promise<void> {
  await prisma.importJob.update({ where: { id }, data: { status: "FAILED", error: message.slice(0, 1000), finishedAt: new Date() } });
}

/** Progress as Postgres has it (a resumed job recounts instead of trusting increments it may have lost). */
async function recount(jobId: string, dirs: TFoundDir[], dirsDone: number): Promise<{ bytesDone: bigint; linesDone: bigint }> {
  const r = await metricsPool().query<{ lines: string; partial: string }>(
    `SELECT (SELECT count(*) FROM metric_points p WHERE p."runId" IN (SELECT id FROM runs WHERE "importJobId"=$1))::text AS lines,
            COALESCE((SELECT sum("logOffset") FROM runs WHERE "importJobId"=$1 AND "finalMetrics" IS NULL), 0)::text AS partial`, [jobId]);
  const doneBytes = dirs.slice(0, dirsDone).reduce((s, d) => s + (d.files["trainer_log.jsonl"]?.size ?? 0), 0);
  return { bytesDone: BigInt(doneBytes) + BigInt(r.rows[0]?.partial ?? "0"), linesDone: BigInt(r.rows[0]?.lines ?? "0") };
}

export async function runImport(o: { importId: string }): Promise<"done" | "gone"> {
  const job = await prisma.importJob.findUnique({ where: { id: o.importId }, include: { host: true } });
  if (!job) return "gone";
  if (job.status === "SUCCEEDED" || job.status === "FAILED") return "done";
  await prisma.importJob.update({ where: { id: job.id }, data: { status: "RUNNING", startedAt: job.startedAt ?? new Date() } });
  let conn;
  try {
    conn = await getHostConnection(job.host);
  } catch (e) {
    throw new Error(`${job.host.name} does not answer: ${(e as Error).message}`); // retried by the queue
  }
  try {
    let dirs = job.dirs as TFoundDir[] | null;
    if (!dirs) {
      const r = await conn.exec(findRunDirsCommand(job.rootPath), { timeoutMs: 120_000 });
      const found = parseFindOutput(r.stdout, job.rootPath);
      if (!found.ok) {
        await fail(job.id, found.error);
        return "done";
      }
      dirs = found.dirs;
      const bytesTotal = dirs.reduce((s, d) => s + (d.files["trainer_log.jsonl"]?.size ?? 0), 0);
      await prisma.importJob.update({
        where: { id: job.id },
        data: { dirs: dirs as unknown as Prisma.InputJsonValue, resolvedRoot: found.root, dirsFound: dirs.length, bytesTotal: BigInt(bytesTotal),
          ...(found.truncated ? { error: `More than ${dirs.length} output dirs under this folder: the first ${dirs.length} (by path) are imported.` } : {}) },
      });
      log.info("import: dirs found", { importId: job.id, dirs: dirs.length, bytesTotal });
    }
    const resolvedRoot = (await prisma.importJob.findUniqueOrThrow({ where: { id: job.id }, select: { resolvedRoot: true } })).resolvedRoot ?? job.rootPath;
    let dirsDone = job.dirsDone;
    const fresh = await recount(job.id, dirs, dirsDone);
    await prisma.importJob.update({ where: { id: job.id }, data: fresh });

    let pendingBytes = 0, pendingLines = 0, lastFlush = Date.now();
    const flush = async (force: boolean) => {
      if (!force && Date.now() - lastFlush < PROGRESS_EVERY_MS) return;
      // Taken before the await: the window's other dirs keep adding while this update is in flight.
      const bytes = pendingBytes, lines = pendingLines;
      pendingBytes = 0; pendingLines = 0; lastFlush = Date.now();
      if (bytes || lines) await prisma.importJob.update({ where: { id: job.id }, data: { bytesDone: { increment: bytes }, linesDone: { increment: lines } } });
    };
    // Dirs go WINDOW at a time: a small run costs more round trips (SFTP, Postgres) than CPU, so
    // overlapping them is most of the speed. dirsDone only moves past a whole window, so a worker
    // killed mid-window redoes it: its finished dirs are "done-before" (cheap), the others continue
    // at their stored log offsets.
    while (dirsDone < dirs.length) {
      const window = dirs.slice(dirsDone, dirsDone + WINDOW);
      const outs = await Promise.all(window.map((d) => importRunDir(conn, {
        jobId: job.id, hostId: job.hostId, userId: job.createdById, d, rootName: path.posix.basename(resolvedRoot),
        onProgress: async (bytes, lines) => { pendingBytes += bytes; pendingLines += lines; await flush(false); },
      })));
      await flush(true);
      // A dir's log bytes count as done even when it was skipped (the bar measures the folder).
      const unread = outs.reduce((n, out, i) => n + (out.kind === "imported" ? 0 : window[i]!.files["trainer_log.jsonl"]?.size ?? 0), 0);
      const skipped = outs.filter((out) => out.kind === "skipped").length;
      dirsDone += window.length;
      await prisma.importJob.update({
        where: { id: job.id },
        data: {
          dirsDone,
          ...(unread ? { bytesDone: { increment: unread } } : {}),
          ...(skipped ? { dirsSkipped: { increment: skipped } } : {}),
          ...(outs.some((out) => out.kind === "imported") ? { runsCreated: await prisma.run.count({ where: { importJobId: job.id } }) } : {}),
        },
      });
    }
    await prisma.importJob.update({ where: { id: job.id }, data: { status: "SUCCEEDED", finishedAt: new Date() } });
    log.info("import done", { importId: job.id, dirs: dirs.length });
    return "done";
  } catch (e) {
    dropHostConnection(job.hostId);
    throw e;
  }
}

/** After the queue gave up: the row says why instead of spinning forever. */
export async function markImportFailed(importId: string, why: string): Promise<void> {
  await prisma.importJob.updateMany({ where: { id: importId, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED", error: why.slice(0, 1000), finishedAt: new Date() } });
}
