// The sweep driver loop: every ~1.5 s one pass over the live sweeps (lib/sweeps/drive-sweep). Passes
// never overlap; on a graceful shutdown the leases are released so the next worker resumes at once.
import { driveSweepsOnce, newDriverId, releaseLeases } from "@/lib/sweeps/drive-sweep";
import { createLogger } from "@/lib/logger";
import { repeatPasses } from "./repeat-passes";

const log = createLogger("SWEEP");

export function startSweepDriver(o: { intervalMs?: number } = {}): { stop(): Promise<void> } {
  const owner = newDriverId();
  const loop = repeatPasses({ everyMs: o.intervalMs ?? 1_500, pass: () => driveSweepsOnce(owner), onError: (err) => log.error("sweep driver pass failed", { err }) });
  return {
    async stop() {
      await loop.stop();
      await releaseLeases(owner).catch(() => {});
    },
  };
}
