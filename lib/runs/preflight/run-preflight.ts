// The launch preflight over SSH (seconds, before the run is queued): the config against the host as
// its runtime profile sees it. It uses the host's pooled connection (one exec, no handshake) and
// remembers an outcome for a few seconds, so a burst of launches of the same config on the same
// host (a sweep, a script) costs one check. A host that does not answer is not a refusal: the run
// queues as before (the launch retries) and the caller gets a warning saying the checks did not run.
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { SshError } from "@/lib/ssh/connect";
import { dropHostConnection, getHostConnection } from "@/lib/ssh/host-pool";
import type { TStoredProfile } from "@/lib/hosts/profile/host-profile";
import { planPreflight, type TFieldError } from "@/lib/runs/preflight/plan";
import { parsePreflight, preflightCommand } from "@/lib/runs/preflight/command";
import { evaluatePreflight, type TPreflightResult } from "@/lib/runs/preflight/evaluate";

export type TPreflightOutcome = { checked: boolean; errors: TFieldError[]; warnings: TFieldError[]; runsDirAbs: string | null; ms: number };

const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; result: TPreflightResult }>();

function unchecked(hostName: string, why: string, t0: number): TPreflightOutcome {
  return { checked: false, errors: [], warnings: [{ field: "hostId", message: `${hostName} did not answer, so the preflight (datasets, paths, GPU memory, disk) did not run; the launch will retry. (${why})` }], runsDirAbs: null, ms: Date.now() - t0 };
}

export async function runPreflight(o: { hostId: string; hostName: string; profile: TStoredProfile; config: Record<string, unknown>; gpuIndices: number[]; timeoutMs?: number }): Promise<TPreflightOutcome> {
  const t0 = Date.now();
  const plan = planPreflight(o.config, { gpus: o.gpuIndices.length });
  const leases = await prisma.gpuLease.findMany({ where: { hostId: o.hostId }, select: { gpuIndex: true } });
  const leased = leases.map((l) => l.gpuIndex).sort((a, b) => a - b);
  const key = JSON.stringify([o.hostId, o.profile.id, plan, o.gpuIndices, leased]);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return { checked: true, ...hit.result, ms: Date.now() - t0 };

  const host = await prisma.host.findUnique({ where: { id: o.hostId }, select: { id: true, address: true, port: true, username: true, privateKeyEnc: true, hostKeyFingerprint: true } });
  if (!host) throw new AppError("not_found", "Host not found.", "hostId");
  let stdout: string;
  try {
    const conn = await getHostConnection(host, { timeoutMs: o.timeoutMs ?? 8_000 });
    stdout = (await conn.exec(preflightCommand(o.profile, plan), { timeoutMs: 30_000 })).stdout;
  } catch (e) {
    // Only a changed host key refuses here (it may not be the same machine); any other trouble is
    // the launch's to retry and report, as before there was a preflight.
    if (e instanceof SshError && e.code === "HOST_KEY_CHANGED") throw new AppError("conflict", `${o.hostName}: ${e.message}`, "hostId");
    dropHostConnection(o.hostId);
    return unchecked(o.hostName, (e as Error).message, t0);
  }
  const result = evaluatePreflight({ plan, probe: parsePreflight(stdout), host: o.hostName, gpuIndices: o.gpuIndices, leasedGpus: new Set(leased) });
  if (cache.size > 200) cache.clear();
  cache.set(key, { at: Date.now(), result });
  return { checked: true, ...result, ms: Date.now() - t0 };
}
