// The worker's host leases (lib/fleet/host-leases): one tick at start (before any loop polls), then
// every WORKER_LEASE_RENEW_MS. What it holds is valid locally until the renewal time plus the TTL
// minus a margin, measured on the monotonic clock: a worker paused past that (SIGSTOP, a long GC,
// a VM freeze) stops acting on the host the moment it wakes, before its next tick even runs; writes
// already under way are refused by the fence in Postgres.
import { hostname } from "node:os";
import pg from "pg";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { leaseTick, reapDeadLocalWorkers, releaseLeases } from "@/lib/fleet/host-leases";
import type { THostOwnership, TLeaseFence } from "@/lib/fleet/fence";
import type { THeartbeatIdentity } from "@/lib/worker-health/heartbeat";

const log = createLogger("LEASES");

export type TLeaseKeeper = THostOwnership & { stop(): Promise<void> };

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function startLeaseKeeper(me: THeartbeatIdentity, o: { ttlMs?: number; renewMs?: number } = {}): Promise<TLeaseKeeper> {
  const ttlMs = o.ttlMs ?? env().WORKER_LEASE_TTL_MS;
  const renewMs = Math.min(o.renewMs ?? env().WORKER_LEASE_RENEW_MS, Math.floor(ttlMs / 3));
  // Margin for the round trip and clock rate differences: act only while surely still the holder.
  const marginMs = Math.min(1_000, Math.floor(ttlMs / 5));
  // Its own two connections: a renewal never waits behind the poller's queries on a busy worker.
  const db = new pg.Pool({ connectionString: env().DATABASE_URL, max: 2, application_name: "ffloor-leases" });
  db.on("error", (e) => log.warn("lease connection error", { err: e }));
  const held = new Map<string, bigint>();
  let validUntil = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  // A restart after a kill -9 on this machine: the old process's leases are free right away.
  const dead = await reapDeadLocalWorkers(db, { me: me.id, hostname: hostname(), isAlive: pidAlive }).catch((e) => {
    log.warn("could not check for dead workers on this machine", { err: e as Error });
    return [] as string[];
  });
  if (dead.length) log.info("freed the leases of dead workers on this machine", { workers: dead });

  const tick = async () => {
    const t0 = performance.now();
    try {
      const r = await leaseTick(db, { workerId: me.id, ttlMs, ignoreWorkers: dead });
      const now = new Set(r.held.map((l) => l.hostId));
      const lost = [...held.keys()].filter((h) => !now.has(h) && !r.released.includes(h));
      // Expired before this renewal, even if claimed straight back (new epoch): the worker is too slow
      // for its TTL (event loop or Postgres starved); in-flight writes under the old epoch are refused.
      const late = [...held.keys()].filter((h) => !r.renewed.includes(h)).length;
      if (late) log.warn("lease renewal came too late", { expired: late, sinceLastRenewalMs: Math.round(t0 - (validUntil - ttlMs + marginMs)) });
      held.clear();
      for (const l of r.held) held.set(l.hostId, BigInt(l.epoch));
      validUntil = t0 + ttlMs - marginMs;
      if (r.acquired.length || r.released.length || lost.length)
        log.info("leases changed", { held: held.size, acquired: r.acquired.length, released: r.released.length, lost: lost.length,
          target: r.share.target, hosts: r.hosts, aliveWorkers: r.aliveWorkers, lostHosts: lost.length ? lost : undefined });
    } catch (e) {
      // Postgres away: keep what we hold until the local deadline; then holds() says no.
      log.warn("lease renewal failed", { err: e as Error });
    }
  };
  const loop = () => {
    if (stopped) return;
    current = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, renewMs);
    });
  };
  await tick();
  timer = setTimeout(loop, renewMs);
  log.info("lease keeper started", { held: held.size, ttlMs, renewMs });

  const valid = () => !stopped && performance.now() < validUntil;
  return {
    holds: (hostId) => valid() && held.has(hostId),
    fence(hostId): TLeaseFence | null {
      const epoch = held.get(hostId);
      return valid() && epoch !== undefined ? { hostId, workerId: me.id, epoch } : null;
    },
    heldHostIds: () => (valid() ? [...held.keys()] : []),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      held.clear();
      // Hand the hosts over now: a graceful restart should not leave them unpolled for a TTL.
      await releaseLeases(db, me.id).catch((e) => log.warn("could not release the leases", { err: e as Error }));
      await db.end().catch(() => undefined);
    },
  };
}
