// Reads nvidia-smi on every registered host every GPU_POLL_INTERVAL_MS (lib/hosts/poll-host-gpus).
// Hosts are polled in parallel; a host that hangs delays only itself (its poll is skipped while one
// is still in flight).
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { pollHostGpus } from "@/lib/hosts/poll-host-gpus";
import type { THostOwnership } from "@/lib/fleet/fence";

const log = createLogger("GPU-POLLER");

/** `hosts`: only the hosts this worker holds a lease on (lib/fleet); absent = every host. */
export function startGpuPoller(o: { intervalMs?: number; hosts?: THostOwnership } = {}): { stop(): Promise<void> } {
  const every = o.intervalMs ?? env().GPU_POLL_INTERVAL_MS;
  const inFlight = new Map<string, Promise<unknown>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const hosts = await prisma.host.findMany({
        // A Slurm login node need not have GPUs (nor nvidia-smi): Slurm owns the cluster's GPUs.
        where: { archived: false, slurmCluster: null, ...(o.hosts ? { id: { in: o.hosts.heldHostIds() } } : {}) },
        select: { id: true, name: true, address: true, port: true, username: true, privateKeyEnc: true, hostKeyFingerprint: true },
      });
      for (const h of hosts) {
        if (inFlight.has(h.id)) continue;
        const p = pollHostGpus(h)
          .then((r) => { if (!r.ok) log.debug("GPU poll failed", { host: h.name, err: r.error }); })
          .catch((e) => log.warn("GPU poll failed", { host: h.name, err: e as Error }))
          .finally(() => inFlight.delete(h.id));
        inFlight.set(h.id, p);
      }
    } catch (e) {
      log.error("GPU poll cycle failed", { err: e as Error });
    }
    if (!stopped) timer = setTimeout(() => void tick(), every);
  };
  void tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
