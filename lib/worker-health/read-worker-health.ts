// Reads the recent heartbeat rows with their ages by Postgres's clock and judges them.
import { prisma } from "@/lib/db";
import { judgeWorkerHealth, WORKER_STALE_MS, type TWorkerHealth } from "@/lib/worker-health/get-worker-health";

export async function readWorkerHealth(o: { staleMs?: number } = {}): Promise<TWorkerHealth> {
  const rows = await prisma.$queryRaw<{ beatAgeMs: number; stoppedAgeMs: number | null }[]>`
    SELECT (EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - "lastBeatAt") * 1000)::float8 AS "beatAgeMs",
           (EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - "stoppedAt") * 1000)::float8 AS "stoppedAgeMs"
    FROM worker_heartbeats ORDER BY "lastBeatAt" DESC LIMIT 20`;
  return judgeWorkerHealth(rows, o.staleMs ?? WORKER_STALE_MS);
}
