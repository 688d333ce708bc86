// The log poller: about once a second, every RUNNING/STOPPING run (and recently finished ones not
// yet drained) gets one poll over its host's cached SSH connection. Runs on different hosts poll in
// parallel; a slow or dead host delays only its own runs.
import { env } from "@/lib/env";
import { getHostConnection, dropHostConnection } from "@/lib/ssh/host-pool";
import { createLogger } from "@/lib/logger";
import { loadPollableRuns, type TPollableRun } from "./load-pollable-runs";
import { pollRun, StaleOffsetError, type TPollLease, type TPollStats } from "./poll-run";
import { LeaseLostError, type THostOwnership } from "@/lib/fleet/fence";
import { forgetRun, retainRuns } from "./run-memory";

const log = createLogger("POLLER");

export type TPoller = { stop(): Promise<void>; readonly lastCycleMs: number; readonly cycles: number };

export type TPollerOptions = {
  intervalMs?: number;
  onCycle?: (stats: TPollStats[], ms: number) => void;
  /** The hosts this worker holds (lib/fleet): only their runs are polled. Absent = every host (tests, tools). */
  hosts?: THostOwnership;
};

async function pollHostRuns(runs: TPollableRun[], hosts?: THostOwnership): Promise<TPollStats[]> {
  const host = runs[0]!.host;
  let lease: TPollLease | undefined;
  if (hosts) {
    const fence = hosts.fence(host.id);
    if (!fence) return [];
    lease = { fence, holds: () => hosts.holds(host.id) };
  }
  let conn;
  try {
    conn = await getHostConnection(host);
  } catch (err) {
    log.debug("host not reachable; supervisor tracks it", { hostId: host.id, err: err as Error });
    return [];
  }
  const out: TPollStats[] = [];
  let lost = false;
  // One SSH connection multiplexes every run of the host, so their polls overlap.
  await Promise.all(runs.map(async (run) => {
    try {
      out.push(await pollRun(conn, run, lease));
    } catch (err) {
      forgetRun(run.id);
      if (err instanceof StaleOffsetError) return;
      if (err instanceof LeaseLostError) {
        if (!lost) log.info("lease lost mid-poll; its runs' writes were refused or skipped", { hostId: host.id });
        lost = true;
        return;
      }
      log.warn("poll failed", { runId: run.id, err: err as Error });
      if (conn.closed) dropHostConnection(host.id);
    }
  }));
  return out;
}

export async function pollOnce(hosts?: THostOwnership): Promise<TPollStats[]> {
  const held = hosts?.heldHostIds();
  if (held && held.length === 0) return [];
  const runs = (await loadPollableRuns(held)).filter((r) => r.host.status !== "UNREACHABLE" && (!hosts || hosts.holds(r.host.id)));
  retainRuns(new Set(runs.map((r) => r.id)));
  const byHost = new Map<string, TPollableRun[]>();
  for (const r of runs) byHost.set(r.host.id, [...(byHost.get(r.host.id) ?? []), r]);
  const results = await Promise.all([...byHost.values()].map((rs) => pollHostRuns(rs, hosts)));
  return results.flat();
}

export function startPoller(opts: TPollerOptions = {}): TPoller {
  const intervalMs = opts.intervalMs ?? env().POLL_INTERVAL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  let lastCycleMs = 0;
  let cycles = 0;
  const tick = () => {
    if (stopped) return;
    const t0 = performance.now();
    current = pollOnce(opts.hosts).then(
      (stats) => { lastCycleMs = performance.now() - t0; cycles++; opts.onCycle?.(stats, lastCycleMs); },
      (err: unknown) => log.error("poll cycle failed", { err: err as Error }),
    ).finally(() => {
      if (!stopped) timer = setTimeout(tick, Math.max(0, intervalMs - (performance.now() - t0)));
    });
  };
  tick();
  log.info("log poller started", { intervalMs });
  return {
    get lastCycleMs() { return lastCycleMs; },
    get cycles() { return cycles; },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current; // never leave a half-finished poll: its transaction either commits or rolls back
    },
  };
}
