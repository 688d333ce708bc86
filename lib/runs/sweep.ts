// The supervisor's periodic pass, driven from Postgres (the source of truth) so nothing depends on
// Redis having kept its jobs: supervise live runs per host, dispatch queued runs, and re-deliver
// launch and stop jobs for runs whose job may have been lost (deduplicated by job id).
// With several workers, each sweeps only the hosts it holds a lease on (lib/fleet): one supervisor
// per host, its status transitions fenced by the lease epoch.
import { prisma } from "@/lib/db";
import { enqueue } from "@/lib/queue/enqueue";
import { QueueName } from "@/lib/queue/contracts";
import { superviseHost } from "@/lib/runs/supervise-host";
import { superviseSlurm } from "@/lib/runs/supervise-slurm";
import { kickHostQueue } from "@/lib/runs/kick-host-queue";
import { createLogger } from "@/lib/logger";
import type { THostOwnership } from "@/lib/fleet/fence";

const log = createLogger("SUPERVISOR");
const inFlight = new Set<string>();

/** `hosts`: the hosts this worker holds; absent = every host (a single worker, tests). */
export async function sweepOnce(o: { hosts?: THostOwnership } = {}): Promise<void> {
  const held = o.hosts?.heldHostIds();
  const live = await prisma.run.findMany({
    where: { status: { in: ["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"] }, ...(held ? { hostId: { in: held } } : {}) },
    select: { id: true, hostId: true, status: true, executor: true, slurmClusterId: true, slurmJobId: true },
  });
  const superviseHosts = new Set<string>();
  const queuedHosts = new Set<string>();
  const clusters = new Set<string>();
  for (const r of live) {
    if (r.executor === "SLURM" && r.slurmClusterId) {
      // Slurm queues and schedules; a submitted job is supervised from its cluster's login node.
      if (r.status === "STARTING" && !r.slurmJobId) await enqueue(QueueName.RunLaunch, { runId: r.id });
      else if (r.status !== "QUEUED") clusters.add(r.slurmClusterId);
      if (r.status === "STOPPING") await enqueue(QueueName.RunStop, { runId: r.id });
      continue;
    }
    if (r.status === "QUEUED") queuedHosts.add(r.hostId);
    else if (r.status === "STARTING") await enqueue(QueueName.RunLaunch, { runId: r.id });
    else superviseHosts.add(r.hostId);
    if (r.status === "STOPPING") await enqueue(QueueName.RunStop, { runId: r.id });
  }
  // GPUs held by runs that already ended (a crash between finishing and releasing) are freed here.
  const stale = await prisma.gpuLease.deleteMany({ where: { run: { status: { in: ["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED", "CANCELLED", "QUEUED"] } } } });
  if (stale.count) log.warn("released stale GPU leases", { count: stale.count });
  for (const hostId of queuedHosts) await kickHostQueue({ hostId });
  // Imports whose job Redis lost (or that a dead worker held) are delivered again; the job id dedupes.
  for (const j of await prisma.importJob.findMany({ where: { status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } }))
    await enqueue(QueueName.HostImport, { importId: j.id });
  for (const clusterId of clusters) {
    const key = `slurm:${clusterId}`;
    if (inFlight.has(key)) continue;
    inFlight.add(key);
    void superviseSlurm({ clusterId })
      .catch((e) => log.error("supervise cluster failed", { clusterId, err: e as Error }))
      .finally(() => inFlight.delete(key));
  }
  // Hosts are supervised concurrently; a slow host never delays the others' next pass.
  for (const hostId of superviseHosts) {
    if (inFlight.has(hostId)) continue;
    const fence = o.hosts ? o.hosts.fence(hostId) : undefined;
    if (fence === null) continue; // the lease lapsed since the list was read
    inFlight.add(hostId);
    void superviseHost({ hostId, fence })
      .catch((e) => log.error("supervise failed", { hostId, err: e as Error }))
      .finally(() => inFlight.delete(hostId));
  }
}
