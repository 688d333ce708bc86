// Host leases in Postgres (table host_leases): which worker process polls and supervises each host.
// One tick per worker every WORKER_LEASE_RENEW_MS: beat, renew what it holds, give back what is above
// its fair share, claim free hosts up to it. Every statement is atomic on its own: a claim takes a
// host only if its lease is missing or expired at the moment of the write (ON CONFLICT ... WHERE
// re-checks the row after a concurrent claimer committed), so two workers never hold one host.
// Times are Postgres's clock, as for the heartbeats. The worker runs these on a connection of their
// own (workers/fleet/lease-keeper): a renewal must never queue behind the poller's traffic.
import type pg from "pg";
import { fairShare, type TShare } from "@/lib/fleet/fair-share";

export type TLeaseDb = Pick<pg.Pool, "query">;
export type TLease = { hostId: string; epoch: bigint };
export type TLeaseTick = { held: TLease[]; renewed: string[]; acquired: string[]; released: string[]; share: TShare; aliveWorkers: number; hosts: number; minHeld: number };

const NOW = `(now() AT TIME ZONE 'UTC')`;
const secs = (ms: number) => ms / 1000;
const leases = (rows: { hostId: string; epoch: string }[]): TLease[] => rows.map((r) => ({ hostId: r.hostId, epoch: BigInt(r.epoch) }));

export async function renewLeases(db: TLeaseDb, workerId: string, ttlMs: number): Promise<TLease[]> {
  // A worker's own heartbeat is beaten here too: its liveness for the fair share is the lease's.
  await db.query(`UPDATE worker_heartbeats SET "lastBeatAt" = ${NOW} WHERE id = $1`, [workerId]);
  // Leases on archived hosts lapse: nobody polls an archived host.
  await db.query(`UPDATE host_leases l SET "expiresAt" = ${NOW} - interval '1 millisecond'
    FROM hosts h WHERE l."hostId" = h.id AND h.archived AND l."workerId" = $1 AND l."expiresAt" > ${NOW}`, [workerId]);
  const r = await db.query<{ hostId: string; epoch: string }>(`
    UPDATE host_leases SET "expiresAt" = ${NOW} + make_interval(secs => $2)
    WHERE "workerId" = $1 AND "expiresAt" > ${NOW}
    RETURNING "hostId", epoch::text`, [workerId, secs(ttlMs)]);
  return leases(r.rows);
}

/**
 * Hosts to share, workers alive (beat within aliveMs and not stopped, minus workers known dead), and
 * the fewest hosts any of those holds (a newcomer's 0 makes the others give back).
 */
export async function countFleet(db: TLeaseDb, o: { aliveMs: number; ignoreWorkers: string[] }): Promise<{ hosts: number; aliveWorkers: number; minHeld: number }> {
  const r = await db.query<{ hosts: number; workers: number; minHeld: number | null }>(`
    WITH alive AS (
      SELECT id FROM worker_heartbeats WHERE "stoppedAt" IS NULL
        AND "lastBeatAt" > ${NOW} - make_interval(secs => $1) AND NOT (id = ANY($2::text[]))),
    held AS (
      SELECT a.id, count(l."hostId") AS n FROM alive a
        LEFT JOIN host_leases l ON l."workerId" = a.id AND l."expiresAt" > ${NOW}
      GROUP BY a.id)
    SELECT (SELECT count(*) FROM hosts WHERE NOT archived)::int AS hosts,
           (SELECT count(*) FROM alive)::int AS workers,
           (SELECT min(n) FROM held)::int AS "minHeld"`, [secs(o.aliveMs), o.ignoreWorkers]);
  const row = r.rows[0]!;
  return { hosts: row.hosts, aliveWorkers: row.workers, minHeld: row.minHeld ?? 0 };
}

/**
 * Claims up to `limit` hosts whose lease is missing or expired; returns those it got. An expired row
 * is taken under FOR UPDATE SKIP LOCKED: a row locked by a concurrent claimer, or by a fenced write of
 * the old holder still in flight, is left for the next tick; a row another claimer took in between
 * fails the expiry re-check (READ COMMITTED re-reads a locked row's latest version). A host without a
 * row is inserted, ON CONFLICT DO NOTHING against a concurrent insert; the inserts go in host-id order
 * whatever the worker's candidate order, because an insert waits for a concurrent uncommitted insert of
 * the same key, and two claimers inserting overlapping hosts in different orders deadlock.
 */
export async function claimLeases(db: TLeaseDb, workerId: string, limit: number, ttlMs: number): Promise<TLease[]> {
  if (limit <= 0) return [];
  // Candidates in an order of their own per worker, so workers claiming at once mostly pick different hosts.
  const r = await db.query<{ hostId: string; epoch: string }>(`
    WITH cand AS (
      SELECT h.id FROM hosts h LEFT JOIN host_leases l ON l."hostId" = h.id
      WHERE NOT h.archived AND (l."hostId" IS NULL OR l."expiresAt" <= ${NOW})
      ORDER BY md5(h.id || $1) LIMIT $2),
    taken AS (
      SELECT l."hostId" FROM host_leases l JOIN cand ON cand.id = l."hostId"
      WHERE l."expiresAt" <= ${NOW} FOR UPDATE OF l SKIP LOCKED),
    upd AS (
      UPDATE host_leases l SET "workerId" = $1, epoch = l.epoch + 1, "acquiredAt" = ${NOW}, "expiresAt" = ${NOW} + make_interval(secs => $3)
      FROM taken WHERE l."hostId" = taken."hostId"
      RETURNING l."hostId", l.epoch::text AS epoch),
    ins AS (
      INSERT INTO host_leases ("hostId", "workerId", epoch, "acquiredAt", "expiresAt")
      SELECT id, $1, 1, ${NOW}, ${NOW} + make_interval(secs => $3) FROM cand
      WHERE NOT EXISTS (SELECT 1 FROM host_leases x WHERE x."hostId" = cand.id)
      ORDER BY id
      ON CONFLICT ("hostId") DO NOTHING
      RETURNING "hostId", epoch::text AS epoch)
    SELECT "hostId", epoch FROM upd UNION ALL SELECT "hostId", epoch FROM ins`, [workerId, limit, secs(ttlMs)]);
  return leases(r.rows);
}

/** Gives hosts back at once (all of them without `hostIds`); their epoch stays, the next holder bumps it. */
export async function releaseLeases(db: TLeaseDb, workerId: string, hostIds?: string[]): Promise<number> {
  if (hostIds && hostIds.length === 0) return 0;
  const r = await db.query(`UPDATE host_leases SET "expiresAt" = ${NOW} - interval '1 millisecond'
    WHERE "workerId" = $1 AND ($2::text[] IS NULL OR "hostId" = ANY($2::text[])) AND "expiresAt" > ${NOW}`, [workerId, hostIds ?? null]);
  return r.rowCount ?? 0;
}

/**
 * Workers of this machine whose process is gone (a kill -9 followed by a restart): their leases lapse
 * now instead of at expiry, and they do not count as alive. Only for the same machine, where the pid
 * can be checked; elsewhere expiry is the only proof of death.
 */
export async function reapDeadLocalWorkers(db: TLeaseDb, o: { me: string; hostname: string; isAlive(pid: number): boolean }): Promise<string[]> {
  const r = await db.query<{ id: string; pid: number }>(`
    SELECT id, pid FROM worker_heartbeats WHERE hostname = $1 AND id <> $2 AND "stoppedAt" IS NULL
      AND "lastBeatAt" > ${NOW} - interval '1 hour'`, [o.hostname, o.me]);
  const dead = r.rows.filter((x) => !o.isAlive(x.pid)).map((x) => x.id);
  if (dead.length)
    await db.query(`UPDATE host_leases SET "expiresAt" = ${NOW} - interval '1 millisecond'
      WHERE "workerId" = ANY($1::text[]) AND "expiresAt" > ${NOW}`, [dead]);
  return dead;
}

/** One lease round for a worker. */
export async function leaseTick(db: TLeaseDb, o: { workerId: string; ttlMs: number; ignoreWorkers: string[] }): Promise<TLeaseTick> {
  let held = await renewLeases(db, o.workerId, o.ttlMs);
  const renewed = held.map((l) => l.hostId);
  const fleet = await countFleet(db, { aliveMs: o.ttlMs, ignoreWorkers: o.ignoreWorkers });
  const share = fairShare({ hosts: fleet.hosts, aliveWorkers: fleet.aliveWorkers, held: held.length, minHeld: fleet.minHeld });
  let released: string[] = [];
  if (share.release > 0) {
    // Which hosts go back does not matter for fairness; a stable order keeps the choice reproducible.
    const sorted = [...held].sort((a, b) => (a.hostId < b.hostId ? -1 : 1));
    released = sorted.slice(sorted.length - share.release).map((l) => l.hostId);
    await releaseLeases(db, o.workerId, released);
    held = held.filter((l) => !released.includes(l.hostId));
  }
  const got = await claimLeases(db, o.workerId, share.claim, o.ttlMs);
  return { held: [...held, ...got], renewed, acquired: got.map((l) => l.hostId), released, share, ...fleet };
}
