// The sweep driver, one pass per live sweep (called by the worker's sweep-driver loop). Everything it
// knows is read from Postgres each pass, and every step it takes is a conditional write, so a worker
// SIGKILLed anywhere is resumed by the next pass of the next worker:
// - a trial gets its run in the same transaction that creates the run (createRun's sweepTrial), only
//   while it is still PENDING: never two runs for one trial, none lost;
// - a prune is recorded (trial + run + RULE_FIRED event) in one transaction before the stop request,
//   and a recorded prune whose run is still live is stopped again on the next pass;
// - a lease (leaseOwner/leaseUntil) keeps two workers from driving the same sweep at once.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { prisma, type RunStatus } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { createRun } from "@/lib/runs/create-run";
import { requestStop } from "@/lib/runs/request-stop";
import { addRunEvent } from "@/lib/runs/run-events";
import { createLogger } from "@/lib/logger";
import { ZSweepSpec } from "@/lib/sweeps/spec";
import { decideStops, type TCurvePoint, type TStopDecision } from "@/lib/sweeps/cross-trial-stopper";
import { pickTarget } from "@/lib/sweeps/pick-target";
import { trialRunName } from "@/lib/sweeps/sweep-name";

const log = createLogger("SWEEP");
const LEASE_MS = 8_000;
const ENDED: RunStatus[] = ["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED", "CANCELLED", "IMPORTED"];
const STOPPABLE: RunStatus[] = ["STARTING", "RUNNING", "UNREACHABLE"];

export function newDriverId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

async function takeLease(sweepId: string, owner: string): Promise<boolean> {
  const now = new Date();
  const r = await prisma.sweep.updateMany({
    where: { id: sweepId, status: { in: ["RUNNING", "CANCELLING"] }, OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS) },
  });
  return r.count === 1;
}

/** Lets the next worker take over at once after a graceful shutdown (a SIGKILL just lets it expire). */
export async function releaseLeases(owner: string): Promise<void> {
  await prisma.sweep.updateMany({ where: { leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}

export async function loadEvalCurves(runIds: string[]): Promise<Map<string, TCurvePoint[]>> {
  const out = new Map<string, TCurvePoint[]>(runIds.map((id) => [id, []]));
  if (!runIds.length) return out;
  // Raw pg: a NaN eval loss must stay NaN (Prisma would turn it into null).
  const r = await metricsPool().query<{ runId: string; step: number; evalLoss: number }>(
    `SELECT "runId", step, "evalLoss" FROM metric_points WHERE "runId" = ANY($1) AND kind = 'EVAL' AND "evalLoss" IS NOT NULL ORDER BY "runId", step`, [runIds]);
  for (const p of r.rows) out.get(p.runId)?.push({ step: p.step, evalLoss: Number(p.evalLoss) });
  return out;
}

async function recordPrune(trialId: string, runId: string, d: TStopDecision): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    // The run may already be stopping for its own rules' reason: then that reason stands. The verdict is the
    // rules' verdict so far (a run stopped by a rule keeps the verdict recorded with the stop).
    const live = await tx.run.findUnique({ where: { id: runId }, select: { liveVerdict: true } });
    const verdict = (live?.liveVerdict as { verdict?: unknown } | null)?.verdict;
    const run = await tx.run.updateMany({ where: { id: runId, stopRule: null, status: { in: STOPPABLE } },
      data: { stopRule: `sweep-${d.rule}`, stopStep: d.step, stopReason: d.reason, ...(typeof verdict === "string" ? { verdict } : {}) } });
    if (run.count !== 1) return false;
    const t = await tx.sweepTrial.updateMany({ where: { id: trialId, pruneReason: null }, data: { pruneRule: d.rule, pruneStep: d.step, pruneReason: d.reason } });
    if (t.count !== 1) throw new AppError("conflict", "trial already pruned");
    await addRunEvent({ runId, type: "RULE_FIRED", message: `Sweep stopper (${d.rule === "median" ? "median stopping" : "ASHA"}) stopped the run at step ${d.step}: ${d.reason}`,
      data: { rule: `sweep-${d.rule}`, step: d.step } }, tx);
    return true;
  });
}

async function stopRun(runId: string, kind: "EARLY_STOP" | "GRACEFUL", reason: string): Promise<void> {
  try {
    await requestStop({ runId, userId: null, kind, reason });
  } catch (e) {
    if (!(e instanceof AppError && e.code === "conflict")) log.warn("stop request failed", { runId, err: e as Error });
  }
}

export async function driveSweep(sweepId: string, owner: string): Promise<void> {
  if (!(await takeLease(sweepId, owner))) return;
  const sweep = await prisma.sweep.findUniqueOrThrow({
    where: { id: sweepId },
    include: { trials: { orderBy: { index: "asc" }, include: { run: { select: { id: true, status: true, stopRule: true } } } } },
  });
  const spec = ZSweepSpec.parse(sweep.spec);
  const live = (t: (typeof sweep.trials)[number]) => t.status === "LAUNCHED" && !!t.run && !ENDED.includes(t.run.status);

  if (sweep.status === "CANCELLING") {
    await prisma.sweepTrial.updateMany({ where: { sweepId, status: "PENDING" }, data: { status: "SKIPPED" } });
    for (const t of sweep.trials) if (live(t) && t.run!.status !== "STOPPING") await stopRun(t.run!.id, "GRACEFUL", "the sweep was cancelled");
    if (!sweep.trials.some(live))
      await prisma.sweep.updateMany({ where: { id: sweepId, status: "CANCELLING" }, data: { status: "CANCELLED", finishedAt: new Date(), leaseOwner: null, leaseUntil: null } });
    return;
  }

  // A prune recorded by a worker that died before its stop request went out.
  for (const t of sweep.trials) if (t.pruneReason && live(t) && STOPPABLE.includes(t.run!.status)) await stopRun(t.run!.id, "EARLY_STOP", t.pruneReason);

  // The cross-trial stopper over every launched trial's eval curve.
  const launched = sweep.trials.filter((t) => t.run);
  if (spec.stopper.type !== "none" && launched.some((t) => t.run!.status === "RUNNING" && !t.pruneReason)) {
    const curves = await loadEvalCurves(launched.map((t) => t.run!.id));
    const decisions = decideStops(spec.stopper, launched.map((t) => ({
      id: t.id, active: t.run!.status === "RUNNING" && !t.pruneReason && !t.run!.stopRule, curve: curves.get(t.run!.id) ?? [],
    })));
    for (const d of decisions) {
      const t = launched.find((x) => x.id === d.trialId)!;
      if (await recordPrune(t.id, t.run!.id, d)) {
        log.info("trial pruned", { sweepId, trial: t.index + 1, runId: t.run!.id, reason: d.reason });
        await stopRun(t.run!.id, "EARLY_STOP", d.reason);
      }
    }
  }

  // Launch PENDING trials in index order while fewer than `concurrency` are live.
  const active = sweep.trials.filter(live).map((t) => ({ hostId: (t.target as { hostId?: string } | null)?.hostId ?? "", gpuIndices: ((t.target as { gpuIndices?: number[] } | null)?.gpuIndices ?? []) }));
  for (const t of sweep.trials.filter((x) => x.status === "PENDING")) {
    if (active.length >= sweep.concurrency) break;
    if (!(await takeLease(sweepId, owner))) return;
    const target = pickTarget(spec.targets, active);
    try {
      await createRun({
        presetVersionId: sweep.presetVersionId, hostId: target.hostId, gpuIndices: target.gpuIndices,
        overrides: { ...spec.fixed, ...(t.params as Record<string, unknown>) }, name: trialRunName(sweep.name, t.index), userId: sweep.createdById,
      }, { sweepTrial: { id: t.id, sweepId, target } });
      active.push(target);
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict") continue; // launched meanwhile by another pass
      if (e instanceof AppError && (e.code === "invalid" || e.code === "not_found")) {
        await prisma.sweepTrial.updateMany({ where: { id: t.id, status: "PENDING" }, data: { status: "REFUSED", error: e.message.slice(0, 2000) } });
        log.warn("trial refused", { sweepId, trial: t.index + 1, err: e.message });
        continue;
      }
      log.warn("trial launch failed; retried on the next pass", { sweepId, trial: t.index + 1, err: e as Error });
      return;
    }
  }
  const after = await prisma.sweepTrial.findMany({ where: { sweepId }, select: { status: true, run: { select: { status: true } } } });
  const done = after.every((t) => t.status === "REFUSED" || t.status === "SKIPPED" || (t.status === "LAUNCHED" && (!t.run || ENDED.includes(t.run.status))));
  if (done) {
    await prisma.sweep.updateMany({ where: { id: sweepId, status: "RUNNING" }, data: { status: "FINISHED", finishedAt: new Date(), leaseOwner: null, leaseUntil: null } });
    log.info("sweep finished", { sweepId });
  }
}

export async function driveSweepsOnce(owner: string): Promise<void> {
  const sweeps = await prisma.sweep.findMany({ where: { status: { in: ["RUNNING", "CANCELLING"] } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const s of sweeps) {
    try {
      await driveSweep(s.id, owner);
    } catch (e) {
      log.error("sweep pass failed", { sweepId: s.id, err: e as Error });
    }
  }
}
