// The sweep driver loop: every ~1.5 s one pass over the live sweeps (lib/sweeps/drive-sweep). Passes
// never overlap; on a graceful shutdown the leases are released so the next worker resumes at once.
import { driveSweepsOnce, newDriverId, releaseLeases } from "@/lib/sweeps/drive-sweep";
import { createLogger } from "@/lib/logger";

const log = createLogger("SWEEP");

export function startSweepDriver(o: { intervalMs?: number } = {}): { stop(): Promise<void> } {
  const every = o.intervalMs ?? 1_500;
  const owner = newDriverId();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = driveSweepsOnce(owner)
      .catch((e) => log.error("sweep driver pass failed", { err: e as Error }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, every);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      await releaseLeases(owner).catch(() => {});
    },
  };
}
