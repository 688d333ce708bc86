// The worker process (`npm run worker`): BullMQ consumers, the supervisor loop, and ordered
// graceful shutdown. Postgres is the source of truth, so a restart (or a flushed Redis) is repaired
// by the supervisor's first sweep, which runs immediately at start.
import { Worker, type Processor } from "bullmq";
import { env } from "@/lib/env";
import { prisma } from "@/lib/db";
import { QueueName, type TQueueName } from "@/lib/queue/contracts";
import { createWorkerConnection, queuePrefix } from "@/lib/queue/connection";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { createLogger } from "@/lib/logger";
import { processLaunch } from "@/workers/queues/launch";
import { processStop } from "@/workers/queues/stop";
import { processWebhookDelivery } from "@/workers/queues/webhook-delivery";
import { processImport } from "@/workers/queues/import";
import { startSupervisor } from "@/workers/supervisor";
import { sealExistingSecrets } from "@/lib/presets/seal-existing-secrets";
import { startPoller } from "@/workers/poller/start-poller";
import { startWebhookDispatcher } from "@/workers/webhooks/start-dispatcher";
import { startGpuPoller } from "@/workers/gpu-poller";
import { startHeartbeat } from "@/workers/heartbeat";
import { startSweepDriver } from "@/workers/sweep-driver";
import { registerWorker } from "@/lib/worker-health/heartbeat";
import { startLeaseKeeper } from "@/workers/fleet/lease-keeper";
import type { THostOwnership } from "@/lib/fleet/fence";

const log = createLogger("WORKER");

type TConsumer = { queue: TQueueName; processor: Processor; concurrency: number };

// Locks are short so a job held by a kill -9'd worker is seen as stalled and retried within
// seconds instead of the default 30 s; BullMQ renews the lock while a job is running.
const CONSUMERS: TConsumer[] = [
  { queue: QueueName.RunLaunch, processor: processLaunch, concurrency: env().WORKER_CONCURRENCY },
  { queue: QueueName.RunStop, processor: processStop, concurrency: env().WORKER_CONCURRENCY },
  { queue: QueueName.WebhookDelivery, processor: processWebhookDelivery, concurrency: env().WORKER_CONCURRENCY },
  // Imports run at full ingest speed; two at a time keeps them from starving live polls of Postgres.
  { queue: QueueName.HostImport, processor: processImport, concurrency: 2 },
];

/** Background loops owned by other subsystems (the log poller registers here). Host-scoped loops act
 * only on the hosts this worker holds a lease on (lib/fleet), so N workers split the fleet. */
type TLoop = { name: string; start(hosts: THostOwnership): { stop(): Promise<void> } };
const reportCycles = env().WORKER_REPORT_CYCLES === "1";
const LOOPS: TLoop[] = [
  { name: "supervisor", start: (hosts) => startSupervisor({ hosts }) },
  { name: "log-poller", start: (hosts) => startPoller({ hosts, onCycle: reportCycles ? reportCycle : undefined }) },
  { name: "webhook-dispatcher", start: () => startWebhookDispatcher() },
  { name: "gpu-poller", start: (hosts) => startGpuPoller({ hosts }) },
  { name: "sweep-driver", start: () => startSweepDriver() },
];

/** WORKER_REPORT_CYCLES=1: one stdout line per poll cycle with its duration and the runs it polled (benchmarks). */
function reportCycle(stats: { runId: string; bytes: number }[], ms: number): void {
  const bytes = stats.reduce((a, s) => a + s.bytes, 0);
  process.stdout.write(`cycle ${ms.toFixed(1)} runs ${stats.length} bytes ${bytes} ids ${stats.map((s) => s.runId).join(",")}\n`);
}

async function main(): Promise<void> {
  env(); // fail fast on a bad environment
  await prisma.$queryRaw`SELECT 1`;
  const me = await registerWorker();
  const heartbeat = startHeartbeat(me);
  const leases = await startLeaseKeeper(me);
  // Rows from before secrets were sealed: mask and seal them before any launch reads them.
  await sealExistingSecrets().catch((err: Error) => log.error("could not seal existing secrets", { err }));
  const connection = createWorkerConnection();
  const workers = CONSUMERS.map((c) => {
    const w = new Worker(c.queue, c.processor, { connection, prefix: queuePrefix(), concurrency: c.concurrency, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 });
    w.on("error", (err) => log.error("worker error", { queue: c.queue, err }));
    w.on("failed", (job, err) => log.warn("job failed", { queue: c.queue, jobId: job?.id, err: err.message }));
    return w;
  });
  const loops = LOOPS.map((l) => ({ name: l.name, handle: l.start(leases) }));
  log.info("worker started", { pid: process.pid, heartbeatId: me.id, queues: CONSUMERS.map((c) => c.queue), loops: LOOPS.map((l) => l.name) });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info("shutting down", { signal });
    const hard = setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, 20_000);
    hard.unref();
    // Order: stop taking work → finish in-flight jobs → SSH → Redis → Postgres.
    await Promise.allSettled(loops.map((l) => l.handle.stop()));
    await Promise.allSettled(workers.map((w) => w.close()));
    await leases.stop(); // hosts handed over at once, not after the lease TTL
    await heartbeat.stop(); // marked stopped once no job is in flight any more
    await closeAllHostConnections();
    await closeQueues();
    await connection.quit().catch(() => connection.disconnect());
    await prisma.$disconnect();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e) => {
  log.error("worker failed to start", { err: e as Error });
  process.exit(1);
});
