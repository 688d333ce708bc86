// The worker's heartbeat loop (lib/worker-health): a missed beat (Postgres briefly away) is only
// logged; the next one catches up. Stopping marks the row stopped so the banner says "stopped".
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { beat, markWorkerStopped, type THeartbeatIdentity } from "@/lib/worker-health/heartbeat";

const log = createLogger("HEARTBEAT");

export function startHeartbeat(me: THeartbeatIdentity, o: { intervalMs?: number } = {}): { stop(): Promise<void> } {
  const every = o.intervalMs ?? env().WORKER_HEARTBEAT_MS;
  let current: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    current = beat(me.id).catch((e) => log.warn("heartbeat failed", { err: e as Error }));
  }, every);
  return {
    async stop() {
      clearInterval(timer);
      await current;
      await markWorkerStopped(me.id).catch((e) => log.warn("could not mark the worker stopped", { err: e as Error }));
    },
  };
}
