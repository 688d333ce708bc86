// The poller as its own process (`tsx workers/poller/run-standalone.ts`): used by the crash tests
// (SIGKILLed at random) and handy for operating the poller without the queue workers.
// workers/index.ts starts the same loop inside the main worker process. Like a worker, it registers
// a heartbeat and polls only the hosts it holds a lease on (lib/fleet), so it shares the fleet with
// running workers instead of polling their runs a second time.
import { startPoller } from "./start-poller";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { prisma } from "@/lib/db";
import { registerWorker } from "@/lib/worker-health/heartbeat";
import { startHeartbeat } from "@/workers/heartbeat";
import { startLeaseKeeper } from "@/workers/fleet/lease-keeper";

// --report: print one line per cycle that committed bytes (the crash test counts them).
// --report-cycles: one line per cycle with its duration (the benchmarks read them).
const report = process.argv.includes("--report");
const reportCycles = process.argv.includes("--report-cycles");
const me = await registerWorker();
const heartbeat = startHeartbeat(me);
const leases = await startLeaseKeeper(me);
const poller = startPoller({
  hosts: leases,
  onCycle: (stats, ms) => {
    const bytes = stats.reduce((a, s) => a + s.bytes, 0);
    if (report && bytes > 0) process.stdout.write(`ingested ${bytes}\n`);
    if (reportCycles) process.stdout.write(`cycle ${ms.toFixed(1)} runs ${stats.length} bytes ${bytes}\n`);
  },
});

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await poller.stop();
  await leases.stop();
  await heartbeat.stop();
  await closeAllHostConnections();
  await closeMetricsPool();
  await prisma.$disconnect();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
