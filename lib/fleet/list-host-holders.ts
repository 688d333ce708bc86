// Which worker holds each host's lease, for the hosts page. Validity is judged by Postgres's clock
// (as the leases are written), so a page rendered on a machine with a skewed clock still tells the truth.
import { prisma } from "@/lib/db";

export type THostHolder = {
  workerId: string;
  hostname: string;
  pid: number;
  /** When this worker took the host (this epoch). */
  since: Date;
  /** False once the lease expired without renewal: nobody polls the host until a worker claims it. */
  valid: boolean;
  epoch: number;
};

export async function listHostHolders(hostIds: string[]): Promise<Map<string, THostHolder>> {
  if (hostIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<(THostHolder & { hostId: string; epoch: bigint })[]>`
    SELECT l."hostId", l."workerId", w.hostname, w.pid, l."acquiredAt" AS since, l.epoch,
           (l."expiresAt" > now() AT TIME ZONE 'UTC') AS valid
    FROM host_leases l JOIN worker_heartbeats w ON w.id = l."workerId"
    WHERE l."hostId" = ANY(${hostIds}::text[])`;
  return new Map(rows.map((r) => [r.hostId, { workerId: r.workerId, hostname: r.hostname, pid: r.pid, since: r.since, valid: r.valid, epoch: Number(r.epoch) }]));
}
