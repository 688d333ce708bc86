import { HEALTHY_VERDICTS } from "./false-stop";
import type { TBacktestRun, TBacktestTotals } from "./types";

export function summarize(runs: readonly TBacktestRun[]): TBacktestTotals {
  const kept = runs.map((r) => r.keptVsMinPct).filter((v): v is number => v !== null);
  return {
    runs: runs.length,
    stopped: runs.filter((r) => r.result.stopped).length,
    stepsSaved: runs.reduce((s, r) => s + r.result.stepsSaved, 0),
    totalSteps: runs.reduce((s, r) => s + (r.result.totalSteps ?? r.result.lastStep ?? 0), 0),
    gpuHoursSaved: runs.reduce((s, r) => s + (r.gpuHoursSaved ?? 0), 0),
    gpuHours: runs.reduce((s, r) => s + (r.gpuHours ?? 0), 0),
    unknownDuration: runs.filter((r) => r.gpuHours === null).length,
    falseStops: runs.filter((r) => r.falseStop.falseStop).length,
    healthyRuns: runs.filter((r) => !r.endedByHand && HEALTHY_VERDICTS.includes(r.finalVerdict)).length,
    endedByHand: runs.filter((r) => r.endedByHand).length,
    worstKeptVsMinPct: kept.length ? Math.max(...kept) : null,
    meanKeptVsMinPct: kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : null,
  };
}
