// Fencing for host leases. A worker acts on a host under the lease epoch it holds; the writes that
// matter (ingest offsets, run status transitions) first lock the lease row (FOR KEY SHARE) and check
// that the epoch and worker are still the same. A worker that was paused past its lease finds another
// worker (or a newer epoch of its own) there and writes nothing. The lock keeps a takeover (which
// locks the row FOR UPDATE, SKIP LOCKED) from changing hands in the middle of such a write, while the
// holder's renewals (a plain UPDATE of expiresAt, FOR NO KEY UPDATE) never wait for one.
import type pg from "pg";
import type { Prisma } from "@/lib/db";

export type TLeaseFence = { hostId: string; workerId: string; epoch: bigint };

/** What the poller and the supervisor need to know about the hosts a worker holds. */
export type THostOwnership = {
  /** True while this worker holds the host's lease and its local deadline has not passed. */
  holds(hostId: string): boolean;
  /** The fencing token for writes on the host, or null when the host is not held. */
  fence(hostId: string): TLeaseFence | null;
  /** Every host held right now (empty once the local deadline passed). */
  heldHostIds(): string[];
};

export class LeaseLostError extends Error {
  constructor(hostId: string) {
    super(`the lease on host ${hostId} moved to another worker; this write was refused`);
    this.name = "LeaseLostError";
  }
}

const FENCE_SQL = `SELECT 1 FROM host_leases WHERE "hostId"=$1 AND "workerId"=$2 AND epoch=$3::bigint FOR KEY SHARE`;

/** Inside a pg transaction: true when the fence still holds (the lease row stays locked until commit). */
export async function holdFencePg(c: pg.ClientBase, f: TLeaseFence): Promise<boolean> {
  const r = await c.query(FENCE_SQL, [f.hostId, f.workerId, f.epoch.toString()]);
  return (r.rowCount ?? 0) > 0;
}

/** Inside a Prisma interactive transaction: throws LeaseLostError when the fence no longer holds. */
export async function assertFencePrisma(tx: Prisma.TransactionClient, f: TLeaseFence): Promise<void> {
  const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM host_leases WHERE "hostId"=${f.hostId} AND "workerId"=${f.workerId} AND epoch=${f.epoch} FOR KEY SHARE`;
  if (rows.length === 0) throw new LeaseLostError(f.hostId);
}
