// The engine over one run's history with a rule set, plus what the backtest page needs around it:
// the run's real outcome (a replay where no rule may stop), false-stop judgement, GPU-hours saved
// (duration × GPUs × fraction of steps saved) and how far the kept best eval is from the true minimum.
import { backtestPoints } from "@/lib/rules/backtest-points";
import type { TRulesConfig } from "@/lib/rules/config";
import type { TEnginePoint } from "@/lib/rules/types";
import { chartSeries } from "./chart-series";
import { judgeFalseStop } from "./false-stop";
import type { TBacktestRun } from "./types";

/** Same parameters, but every "stop" demoted to "alert": the run plays out to its end. */
export function noStopConfig(rules: TRulesConfig): TRulesConfig {
  const out = structuredClone(rules) as unknown as Record<string, { mode?: string }>;
  for (const v of Object.values(out)) if (v.mode === "stop") v.mode = "alert";
  return out as unknown as TRulesConfig;
}

export function backtestOne(o: {
  key: string;
  label: string;
  source: TBacktestRun["source"];
  runId?: string | null;
  points: readonly TEnginePoint[];
  rules: TRulesConfig;
  gpus: number;
  durationS: number | null;
  endedByHand?: "killed" | "stopped" | null;
}): TBacktestRun {
  const r = backtestPoints(o.points, o.rules);
  const full = r.stopped ? backtestPoints(o.points, noStopConfig(o.rules)) : r;
  const end = r.totalSteps ?? r.lastStep;
  const byHand = o.endedByHand ?? null;
  const falseStop = byHand
    ? { falseStop: false, why: `${byHand} by hand: its history ends where a person cut it, so it is neither healthy nor bad` }
    : judgeFalseStop({ stopStep: r.stopStep, finalVerdict: full.verdict, trueMinEvalStep: r.trueMinEvalStep, endStep: end });
  const gpuHours = o.durationS === null ? null : (o.durationS / 3600) * o.gpus;
  const savedFrac = end ? r.stepsSaved / end : 0;
  const keptVsMinPct = r.stopped && r.bestEvalLoss !== null && r.trueMinEvalLoss !== null && r.trueMinEvalLoss !== 0
    ? (r.bestEvalLoss / r.trueMinEvalLoss - 1) * 100 : null;
  return {
    key: o.key, label: o.label, source: o.source, runId: o.runId ?? null,
    result: { ...r, alerts: r.alerts.map((a) => ({ rule: a.rule, step: a.step, reason: a.reason })) },
    finalVerdict: full.verdict,
    falseStop,
    endedByHand: byHand,
    gpus: o.gpus,
    durationS: o.durationS,
    gpuHours,
    gpuHoursSaved: gpuHours === null ? null : gpuHours * savedFrac,
    keptVsMinPct,
    chart: chartSeries(o.points),
  };
}
