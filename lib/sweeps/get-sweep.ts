// Sweep read models for the pages and the API: the sweep, its trials with their runs' outcomes, and the
// best eval loss each trial reached (from its eval points, NaN-safe).
import { prisma, type Prisma, type SweepStatus, type SweepTrialStatus } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ZSweepSpec, type TSweepSpec } from "@/lib/sweeps/spec";
import { loadEvalCurves } from "@/lib/sweeps/drive-sweep";
import { bestTrial, minEvalLoss } from "@/lib/sweeps/best-trial";

export type TSweepTrialView = {
  id: string; index: number; params: Record<string, number | string | boolean>; status: SweepTrialStatus;
  runId: string | null; runName: string | null; runStatus: string | null; verdict: string | null;
  bestEvalLoss: number | null; evalCount: number; lastStep: number | null; totalSteps: number | null;
  pruneRule: string | null; pruneStep: number | null; stopReason: string | null; error: string | null;
  launchedAt: string | null; startedAt: string | null; finishedAt: string | null;
};
export type TSweepView = {
  id: string; name: string; status: SweepStatus; method: string; seed: number; budget: number; concurrency: number; spec: TSweepSpec;
  presetId: string; presetName: string; presetVersion: number; presetVersionId: string;
  createdAt: string; finishedAt: string | null; createdByName: string | null;
  promoted: { versionId: string; version: number | null; trialIndex: number | null } | null;
  bestTrialId: string | null; trials: TSweepTrialView[];
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

const INCLUDE = {
  presetVersion: { select: { id: true, version: true, preset: { select: { id: true, name: true } } } },
  createdBy: { select: { name: true } },
  trials: { orderBy: { index: "asc" as const }, include: { run: { select: { id: true, name: true, status: true, verdict: true, lastStep: true, totalSteps: true, stopReason: true, startedAt: true, finishedAt: true, errorExcerpt: true } } } },
} satisfies Prisma.SweepInclude;

export async function getSweep(id: string): Promise<TSweepView> {
  const s = await prisma.sweep.findUnique({ where: { id }, include: INCLUDE });
  if (!s) throw new AppError("not_found", "Sweep not found.");
  const curves = await loadEvalCurves(s.trials.flatMap((t) => (t.runId ? [t.runId] : [])));
  const trials: TSweepTrialView[] = s.trials.map((t) => {
    const c = t.runId ? curves.get(t.runId) ?? [] : [];
    return {
      id: t.id, index: t.index, params: t.params as TSweepTrialView["params"], status: t.status,
      runId: t.run?.id ?? null, runName: t.run?.name ?? null, runStatus: t.run?.status ?? null, verdict: t.run?.verdict ?? null,
      bestEvalLoss: minEvalLoss(c), evalCount: c.length, lastStep: t.run?.lastStep ?? null, totalSteps: t.run?.totalSteps ?? null,
      pruneRule: t.pruneRule, pruneStep: t.pruneStep, stopReason: t.pruneReason ?? t.run?.stopReason ?? (t.run?.status === "FAILED" ? t.run.errorExcerpt : null) ?? null,
      error: t.error, launchedAt: iso(t.launchedAt), startedAt: iso(t.run?.startedAt), finishedAt: iso(t.run?.finishedAt),
    };
  });
  const promotedVersion = s.promotedVersionId ? await prisma.presetVersion.findUnique({ where: { id: s.promotedVersionId }, select: { version: true } }) : null;
  return {
    id: s.id, name: s.name, status: s.status, method: s.method, seed: s.seed, budget: s.budget, concurrency: s.concurrency, spec: ZSweepSpec.parse(s.spec),
    presetId: s.presetVersion.preset.id, presetName: s.presetVersion.preset.name, presetVersion: s.presetVersion.version, presetVersionId: s.presetVersion.id,
    createdAt: s.createdAt.toISOString(), finishedAt: iso(s.finishedAt), createdByName: s.createdBy?.name ?? null,
    promoted: s.promotedVersionId ? { versionId: s.promotedVersionId, version: promotedVersion?.version ?? null, trialIndex: s.trials.find((t) => t.id === s.promotedTrialId)?.index ?? null } : null,
    bestTrialId: bestTrial(trials.map((t) => ({ ...t, best: t.bestEvalLoss })))?.id ?? null,
    trials,
  };
}

export type TSweepSummary = {
  id: string; name: string; status: SweepStatus; method: string; keys: string[]; stopper: string; budget: number; concurrency: number;
  presetName: string; presetVersion: number; trialsLaunched: number; trialsLive: number; trialsPruned: number;
  bestEvalLoss: number | null; createdAt: string; finishedAt: string | null;
};

const LIVE = ["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"];

export async function listSweeps(o: { limit?: number } = {}): Promise<TSweepSummary[]> {
  const rows = await prisma.sweep.findMany({
    orderBy: { createdAt: "desc" }, take: Math.min(500, o.limit ?? 100),
    include: { presetVersion: { select: { version: true, preset: { select: { name: true } } } }, trials: { select: { runId: true, status: true, pruneReason: true, run: { select: { status: true } } } } },
  });
  const curves = await loadEvalCurves(rows.flatMap((s) => s.trials.flatMap((t) => (t.runId ? [t.runId] : []))));
  return rows.map((s) => {
    const spec = ZSweepSpec.safeParse(s.spec);
    const bests = s.trials.flatMap((t) => { const v = t.runId ? minEvalLoss(curves.get(t.runId) ?? []) : null; return v === null ? [] : [v]; });
    return {
      id: s.id, name: s.name, status: s.status, method: s.method, keys: spec.success ? Object.keys(spec.data.space) : [], stopper: spec.success ? spec.data.stopper.type : "none",
      budget: s.budget, concurrency: s.concurrency, presetName: s.presetVersion.preset.name, presetVersion: s.presetVersion.version,
      trialsLaunched: s.trials.filter((t) => t.status === "LAUNCHED").length, trialsLive: s.trials.filter((t) => t.run && LIVE.includes(t.run.status)).length,
      trialsPruned: s.trials.filter((t) => t.pruneReason).length, bestEvalLoss: bests.length ? Math.min(...bests) : null,
      createdAt: s.createdAt.toISOString(), finishedAt: iso(s.finishedAt),
    };
  });
}
