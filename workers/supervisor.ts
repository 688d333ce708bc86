// The supervision loop: every ~2 s, one sweep (lib/runs/sweep). Sweeps never overlap.
import { sweepOnce } from "@/lib/runs/sweep";
import { createLogger } from "@/lib/logger";
import type { THostOwnership } from "@/lib/fleet/fence";

const log = createLogger("SUPERVISOR");

export function startSupervisor(o: { intervalMs?: number; hosts?: THostOwnership } = {}): { stop(): Promise<void> } {
  const every = o.intervalMs ?? 2_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = sweepOnce({ hosts: o.hosts })
      .catch((e) => log.error("sweep failed", { err: e as Error }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, every);
      });
  };
  tick(); // at start: runs that were RUNNING before a crash are supervised again immediately
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
