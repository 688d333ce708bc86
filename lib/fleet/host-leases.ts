// Host leases in Postgres (table host_leases): which worker process polls and supervises each host.
// One tick per worker every WORKER_LEASE_RENEW_MS: beat, renew what it holds, give back what is above
// its fair share, claim free hosts up to it. Every statement is atomic on its own: a claim takes a
// host only if its lease is missing or expired at the moment of the write (ON CONFLICT ... WHERE
// re-checks the row after a concurrent claimer committed), so two workers never hold one host.
// Times are Postgres's clock, as for the heartbeats.
import { prisma } from "@/lib/db";
import { fairShare, type TShare } from "@/lib/fleet/fair-share";

export type TLease = { hostId: string; epoch: bigint };
export type TLeaseTick = { held: TLease[]; acquired: string[]; released: string[]; share: TShare; aliveWorkers: number; hosts: number; minHeld: number };

const secs = (ms: number) => ms / 1000;

export async function renewLeases(workerId: string, ttlMs: number): Promise<TLease[]> {
  // A worker's own heartbeat is beaten here too: its liveness for the fair share is the lease's.
  await prisma.$executeRaw`UPDATE worker_heartbeats SET "lastBeatAt" = now() AT TIME ZONE 'UTC' WHERE id = ${workerId}`;
  // Leases on archived hosts lapse: nobody polls an archived host.
  await prisma.$executeRaw`UPDATE host_leases l SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 millisecond'
    FROM hosts h WHERE l."hostId" = h.id AND h.archived AND l."workerId" = ${workerId}`;
  return prisma.$queryRaw<TLease[]>`
    UPDATE host_leases SET "expiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${secs(ttlMs)})
    WHERE "workerId" = ${workerId} AND "expiresAt" > now() AT TIME ZONE 'UTC'
    RETURNING "hostId", epoch`;
}

/**
 * Hosts to share, workers alive (beat within aliveMs and not stopped, minus workers known dead), and
 * the fewest hosts any of those holds (a newcomer's 0 makes the others give back).
 */
export async function countFleet(o: { aliveMs: number; ignoreWorkers: string[] }): Promise<{ hosts: number; aliveWorkers: number; minHeld: number }> {
  const [r] = await prisma.$queryRaw<{ hosts: number; workers: number; minHeld: number | null }[]>`
    WITH alive AS (
      SELECT id FROM worker_heartbeats WHERE "stoppedAt" IS NULL
        AND "lastBeatAt" > (now() AT TIME ZONE 'UTC') - make_interval(secs => ${secs(o.aliveMs)})
        AND NOT (id = ANY(${o.ignoreWorkers}::text[]))),
    held AS (
      SELECT a.id, count(l."hostId") AS n FROM alive a
        LEFT JOIN host_leases l ON l."workerId" = a.id AND l."expiresAt" > now() AT TIME ZONE 'UTC'
      GROUP BY a.id)
    SELECT (SELECT count(*) FROM hosts WHERE NOT archived)::int AS hosts,
           (SELECT count(*) FROM alive)::int AS workers,
           (SELECT min(n) FROM held)::int AS "minHeld"`;
  return { hosts: r!.hosts, aliveWorkers: r!.workers, minHeld: r!.minHeld ?? 0 };
}

/** Claims up to `limit` hosts whose lease is missing or expired; returns those it got. */
export async function claimLeases(workerId: string, limit: number, ttlMs: number): Promise<TLease[]> {
  if (limit <= 0) return [];
  // Candidates in an order of their own per worker, so workers claiming at once mostly pick different hosts.
  return prisma.$queryRaw<TLease[]>`
    WITH cand AS (
      SELECT h.id FROM hosts h LEFT JOIN host_leases l ON l."hostId" = h.id
      WHERE NOT h.archived AND (l."hostId" IS NULL OR l."expiresAt" <= now() AT TIME ZONE 'UTC')
      ORDER BY md5(h.id || ${workerId}) LIMIT ${limit})
    INSERT INTO host_leases ("hostId", "workerId", epoch, "acquiredAt", "expiresAt")
    SELECT id, ${workerId}, 1, now() AT TIME ZONE 'UTC', (now() AT TIME ZONE 'UTC') + make_interval(secs => ${secs(ttlMs)}) FROM cand
    ON CONFLICT ("hostId") DO UPDATE SET "workerId" = EXCLUDED."workerId", epoch = host_leases.epoch + 1,
      "acquiredAt" = EXCLUDED."acquiredAt", "expiresAt" = EXCLUDED."expiresAt"
      WHERE host_leases."expiresAt" <= now() AT TIME ZONE 'UTC'
    RETURNING "hostId", epoch`;
}

/** Gives hosts back at once (their epoch stays; the next holder bumps it). */
export async function releaseLeases(workerId: string, hostIds?: string[]): Promise<number> {
  if (hostIds && hostIds.length === 0) return 0;
  return hostIds
    ? prisma.$executeRaw`UPDATE host_leases SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 millisecond'
        WHERE "workerId" = ${workerId} AND "hostId" = ANY(${hostIds}::text[]) AND "expiresAt" > now() AT TIME ZONE 'UTC'`
    : prisma.$executeRaw`UPDATE host_leases SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 millisecond'
        WHERE "workerId" = ${workerId} AND "expiresAt" > now() AT TIME ZONE 'UTC'`;
}

/**
 * Workers of this machine whose process is gone (a kill -9 followed by a restart): their leases lapse
 * now instead of at expiry, and they do not count as alive. Only for the same machine, where the pid
 * can be checked; elsewhere expiry is the only proof of death.
 */
export async function reapDeadLocalWorkers(o: { me: string; hostname: string; isAlive(pid: number): boolean }): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string; pid: number }[]>`
    SELECT id, pid FROM worker_heartbeats WHERE hostname = ${o.hostname} AND id <> ${o.me} AND "stoppedAt" IS NULL
      AND "lastBeatAt" > (now() AT TIME ZONE 'UTC') - interval '1 hour'`;
  const dead = rows.filter((r) => !o.isAlive(r.pid)).map((r) => r.id);
  if (dead.length)
    await prisma.$executeRaw`UPDATE host_leases SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 millisecond'
      WHERE "workerId" = ANY(${dead}::text[]) AND "expiresAt" > now() AT TIME ZONE 'UTC'`;
  return dead;
}

/** One lease round for a worker. */
export async function leaseTick(o: { workerId: string; ttlMs: number; ignoreWorkers: string[] }): Promise<TLeaseTick> {
  let held = await renewLeases(o.workerId, o.ttlMs);
  const fleet = await countFleet({ aliveMs: o.ttlMs, ignoreWorkers: o.ignoreWorkers });
  const share = fairShare({ hosts: fleet.hosts, aliveWorkers: fleet.aliveWorkers, held: held.length, minHeld: fleet.minHeld });
  let released: string[] = [];
  if (share.release > 0) {
    // Which hosts go back does not matter for fairness; a stable order keeps the choice reproducible.
    const sorted = [...held].sort((a, b) => (a.hostId < b.hostId ? -1 : 1));
    released = sorted.slice(sorted.length - share.release).map((l) => l.hostId);
    await releaseLeases(o.workerId, released);
    held = held.filter((l) => !released.includes(l.hostId));
  }
  const got = await claimLeases(o.workerId, share.claim, o.ttlMs);
  return { held: [...held, ...got], acquired: got.map((l) => l.hostId), released, share, ...fleet };
}
