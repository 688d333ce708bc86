// The launch preflight over SSH (seconds, before the run is queued): the config against the host as
// its runtime profile sees it. A host that does not answer is not a refusal: the run queues as
// before (the launch retries) and the caller gets a warning saying the checks did not run.
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { connectHost } from "@/lib/hosts/profile/probe-runtime";
import type { TStoredProfile } from "@/lib/hosts/profile/host-profile";
import { planPreflight, type TFieldError } from "@/lib/runs/preflight/plan";
import { parsePreflight, preflightCommand } from "@/lib/runs/preflight/command";
import { evaluatePreflight } from "@/lib/runs/preflight/evaluate";

export type TPreflightOutcome = { checked: boolean; errors: TFieldError[]; warnings: TFieldError[]; runsDirAbs: string | null; ms: number };

export async function runPreflight(o: { hostId: string; hostName: string; profile: TStoredProfile; config: Record<string, unknown>; gpuIndices: number[]; timeoutMs?: number }): Promise<TPreflightOutcome> {
  const t0 = Date.now();
  const plan = planPreflight(o.config, { gpus: o.gpuIndices.length });
  let conn;
  try {
    conn = await connectHost(o.hostId, o.timeoutMs ?? 8_000);
  } catch (e) {
    // Only a changed host key refuses here (it may not be the same machine); any other connection
    // trouble is the launch's to retry and report, as before there was a preflight.
    if (e instanceof AppError && e.code !== "conflict") {
      return { checked: false, errors: [], warnings: [{ field: "hostId", message: `${o.hostName} did not answer, so the preflight (datasets, paths, GPU memory, disk) did not run; the launch will retry. (${e.message})` }], runsDirAbs: null, ms: Date.now() - t0 };
    }
    if (e instanceof AppError) throw new AppError(e.code, `${o.hostName}: ${e.message}`, "hostId");
    throw e;
  }
  try {
    const r = await conn.exec(preflightCommand(o.profile, plan), { timeoutMs: 30_000 });
    const probe = parsePreflight(r.stdout);
    const leases = await prisma.gpuLease.findMany({ where: { hostId: o.hostId }, select: { gpuIndex: true } });
    const res = evaluatePreflight({ plan, probe, host: o.hostName, gpuIndices: o.gpuIndices, leasedGpus: new Set(leases.map((l) => l.gpuIndex)) });
    return { checked: true, ...res, ms: Date.now() - t0 };
  } finally {
    conn.close();
  }
}
