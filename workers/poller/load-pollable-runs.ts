import { Prisma, prisma } from "@/lib/db";

// Finished runs are drained for a while after they end: the last lines (and trainer_state.json)
// are written just before the process exits, often after the supervisor saw the exit.
const DRAIN_WINDOW_MS = 60 * 60 * 1000;

/** `hostIds`: only runs on these hosts (the ones this worker holds); absent = every host. */
export async function loadPollableRuns(hostIds?: string[]) {
  return prisma.run.findMany({
    where: {
      ...(hostIds ? { hostId: { in: hostIds } } : {}),
      OR: [
        { status: { in: ["RUNNING", "STOPPING"] } },
        { status: { in: ["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED"] }, finalMetrics: { equals: Prisma.DbNull },
          OR: [{ remotePid: { not: null } }, { slurmJobId: { not: null } }], finishedAt: { gte: new Date(Date.now() - DRAIN_WINDOW_MS) } },
      ],
    },
    select: {
      id: true, status: true, outputDir: true, logOffset: true, consoleOffset: true, segment: true, lastStep: true,
      rules: true, configYaml: true, stopRule: true, bestStep: true, bestCheckpoint: true, totalSteps: true, lastElapsedS: true,
      host: { select: { id: true, address: true, port: true, username: true, privateKeyEnc: true, hostKeyFingerprint: true, status: true } },
    },
    orderBy: { createdAt: "asc" },
  });
}
export type TPollableRun = Awaited<ReturnType<typeof loadPollableRuns>>[number];
