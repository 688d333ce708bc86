"use client";
import { Badge, type TBadgeTone } from "@/app/components/badge";
import { FALSE_STOP_RULE } from "@/lib/backtest/false-stop";
import { fmtGpuTime, fmtKeptPct, fmtShare } from "@/lib/backtest/format";
import type { TBacktestRun, TBacktestTotals } from "@/lib/backtest/types";
import { RULE_LABELS } from "@/lib/rules-settings/rule-help";
import { BacktestChart } from "./backtest-chart";

const VERDICT_TONE: Record<string, TBadgeTone> = {
  converged: "green", underfitting: "accent", learning: "accent", overfitting: "amber", diverged: "red", stalled: "amber",
};

const ruleLabel = (r: string | null) => (r ? (RULE_LABELS as Record<string, string>)[r] ?? r : "");

function Stat({ label, value, sub, testId, tone }: { label: string; value: string; sub?: string; testId: string; tone?: "bad" }) {
  return (
    <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={testId}>
      <div className="text-[11px] font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className={`mt-1 text-xl font-semibold ${tone === "bad" ? "text-red-600 dark:text-red-400" : "text-zinc-900 dark:text-zinc-50"}`} data-value>{value}</div>
      {sub && <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{sub}</div>}
    </div>
  );
}

export function BacktestTotals({ totals: t, rulesLabel }: { totals: TBacktestTotals; rulesLabel: string }) {
  return (
    <section className="ff-card space-y-3 p-4" aria-labelledby="bt-totals" data-testid="backtest-totals">
      <h2 id="bt-totals" className="text-sm font-semibold">Totals <span className="font-normal text-zinc-500">· {t.runs} run{t.runs === 1 ? "" : "s"} with the {rulesLabel}</span></h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Stat testId="total-stopped" label="Runs stopped" value={`${t.stopped} of ${t.runs}`} />
        <Stat testId="total-steps-saved" label="Steps saved" value={t.stepsSaved.toLocaleString("en-US")} sub={`${fmtShare(t.stepsSaved, t.totalSteps)} of ${t.totalSteps.toLocaleString("en-US")} steps`} />
        <Stat testId="total-gpu-saved" label="GPU time saved" value={fmtGpuTime(t.gpuHoursSaved)}
          sub={`of ${fmtGpuTime(t.gpuHours)}${t.unknownDuration ? ` · ${t.unknownDuration} run(s) without a known duration left out` : ""}`} />
        <Stat testId="total-false-stops" label="Healthy runs stopped" value={`${t.falseStops}`} tone={t.falseStops > 0 ? "bad" : undefined}
          sub={`false stops, of ${t.healthyRuns} healthy run(s)${t.endedByHand ? ` · ${t.endedByHand} killed or stopped by hand, not judged` : ""}`} />
        <Stat testId="total-kept" label="Kept best vs true min" value={t.worstKeptVsMinPct === null ? "–" : `+${fmtKeptPct(t.worstKeptVsMinPct)}`}
          sub={t.meanKeptVsMinPct === null ? "no stop kept an eval best" : `worst; mean +${fmtKeptPct(t.meanKeptVsMinPct)} over stops`} />
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="false-stop-rule"><span className="font-medium">False stop:</span> {FALSE_STOP_RULE}{" "}
        GPU time saved = run duration × GPUs × fraction of its steps saved. &ldquo;Kept best vs true min&rdquo; = how far the best eval loss at the stop is above the run&apos;s minimum over its whole history.</p>
    </section>
  );
}

export function BacktestTable({ runs }: { runs: TBacktestRun[] }) {
  return (
    <div className="ff-card overflow-x-auto">
      <table className="ff-table" data-testid="backtest-table">
        <thead>
          <tr><th>Run</th><th>Stop step</th><th>Rule</th><th>Best step</th><th>Verdict</th><th>Steps saved</th><th>GPU time saved</th><th>Best kept vs min</th><th>False stop</th></tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.key} data-testid="backtest-row" data-run={r.label}>
              <td className="max-w-48 font-medium xl:max-w-64"><span className="block truncate" title={r.label}>{r.label}</span></td>
              <td className="font-mono" data-col="stop">{r.result.stopStep ?? "never"}</td>
              <td className="whitespace-nowrap">{ruleLabel(r.result.rule) || "–"}</td>
              <td className="font-mono" data-col="best">{r.result.bestStep ?? "–"}</td>
              <td><Badge tone={VERDICT_TONE[r.result.verdict] ?? "neutral"}>{r.result.verdict}</Badge>{r.endedByHand && <span className="ml-1.5 whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400" data-col="by-hand" title={r.falseStop.why}>{r.endedByHand} by hand</span>}</td>
              <td className="whitespace-nowrap font-mono" data-col="saved">{r.result.stepsSaved} / {r.result.totalSteps ?? r.result.lastStep ?? "?"}</td>
              <td className="whitespace-nowrap font-mono">{fmtGpuTime(r.gpuHoursSaved)}</td>
              <td className="font-mono" data-col="kept">{r.keptVsMinPct === null ? "–" : `+${fmtKeptPct(r.keptVsMinPct)}`}</td>
              <td data-col="false-stop">{r.falseStop.falseStop ? <Badge tone="red" title={r.falseStop.why}>yes</Badge> : <span className="text-zinc-400" title={r.falseStop.why}>{r.endedByHand ? "not judged" : "no"}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BacktestRunCard({ run: r }: { run: TBacktestRun }) {
  const res = r.result;
  return (
    <article className="ff-card space-y-2 p-4" data-testid="backtest-run" data-run={r.label} aria-label={`Backtest of ${r.label}`}>
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="min-w-0 truncate text-sm font-semibold" title={r.label}>{r.label}</h3>
        {r.source === "upload" && <Badge>uploaded</Badge>}
        <Badge tone={VERDICT_TONE[res.verdict] ?? "neutral"}>{res.verdict}</Badge>
        {r.falseStop.falseStop && <Badge tone="red" title={r.falseStop.why}>false stop</Badge>}
        <span className="ml-auto text-xs text-zinc-500">{r.gpus} GPU{r.gpus === 1 ? "" : "s"}</span>
      </header>
      <BacktestChart series={r.chart} stopStep={res.stopStep} bestStep={res.bestStep} totalSteps={res.totalSteps} label={r.label} />
      <div className="text-xs" data-testid="backtest-outcome">
        {res.stopped ? (
          <p><span className="font-medium text-red-700 dark:text-red-400">Stop at step {res.stopStep}</span> by <span className="font-medium">{ruleLabel(res.rule)}</span>
            {" "}· saves {res.stepsSaved} of {res.totalSteps ?? "?"} steps ({fmtGpuTime(r.gpuHoursSaved)})</p>
        ) : <p className="font-medium text-emerald-700 dark:text-emerald-400">No stop: the run would have finished.</p>}
        <p className="mt-1 text-zinc-600 dark:text-zinc-300">{res.reason}</p>
        <p className="mt-1 text-zinc-500 dark:text-zinc-400">
          Best {res.bestStep === null ? "none" : `step ${res.bestStep}`}{res.bestEvalLoss !== null ? ` (eval ${res.bestEvalLoss.toPrecision(4)})` : ""}
          {res.trueMinEvalLoss !== null && <> · true min {res.trueMinEvalLoss.toPrecision(4)} at step {res.trueMinEvalStep}</>}
          {r.keptVsMinPct !== null && <> · kept +{fmtKeptPct(r.keptVsMinPct)}</>}
        </p>
        {res.stopped && <p className="mt-1 text-zinc-500 dark:text-zinc-400" data-testid="false-stop-why">{r.falseStop.why[0]!.toUpperCase()}{r.falseStop.why.slice(1)}.</p>}
        {res.alerts.length > 0 && (
          <p className="mt-1 text-amber-700 dark:text-amber-400">{res.alerts.length} alert{res.alerts.length === 1 ? "" : "s"}: {res.alerts.map((a) => `${ruleLabel(a.rule)} at ${a.step}`).join(", ")}</p>
        )}
      </div>
    </article>
  );
}
