// A worker process's heartbeat row: written at start, beaten every few seconds, marked stopped on a
// graceful shutdown. A SIGKILLed worker simply stops beating, which is what the dashboard watches.
// Times come from Postgres's clock (`now()`), so a worker on another machine with a skewed clock is
// judged fairly.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { prisma } from "@/lib/db";

export type THeartbeatIdentity = { id: string; hostname: string; pid: number };

export async function registerWorker(): Promise<THeartbeatIdentity> {
  const me = { id: randomUUID(), hostname: hostname(), pid: process.pid };
  await prisma.$executeRaw`INSERT INTO worker_heartbeats (id, hostname, pid, "startedAt", "lastBeatAt")
    VALUES (${me.id}, ${me.hostname}, ${me.pid}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`;
  // Rows of workers gone for a day only clutter the table.
  await prisma.$executeRaw`DELETE FROM worker_heartbeats WHERE "lastBeatAt" < (now() AT TIME ZONE 'UTC') - interval '1 day'`;
  return me;
}

export async function beat(id: string): Promise<void> {
  await prisma.$executeRaw`UPDATE worker_heartbeats SET "lastBeatAt" = now() AT TIME ZONE 'UTC' WHERE id = ${id}`;
}

export async function markWorkerStopped(id: string): Promise<void> {
  await prisma.$executeRaw`UPDATE worker_heartbeats SET "stoppedAt" = now() AT TIME ZONE 'UTC' WHERE id = ${id}`;
}
