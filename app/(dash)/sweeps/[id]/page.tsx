// /sweeps/{id}: the leaderboard (params, best eval loss, status, stop reason), parallel coordinates
// over the swept keys and the best eval loss, trials over time, cancel and "promote best trial".
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getSweep, type TSweepView } from "@/lib/sweeps/get-sweep";
import { loadCompareRuns } from "@/lib/compare/load-compare-runs";
import { parseCompareState } from "@/lib/compare/compare-state";
import { runColor } from "@/lib/compare/run-colors";
import { compareUrl } from "@/lib/api/run-links";
import { PageHeader } from "@/app/components/page-header";
import { StatusPill } from "@/app/components/status-pill";
import { AutoRefresh } from "@/app/components/auto-refresh";
import { buttonClass } from "@/app/components/button";
import { verdictLabel } from "@/app/components/verdict-badge";
import type { RunStatus } from "@/lib/db";
import { SweepPc } from "./sweep-pc";
import { SweepActions } from "./sweep-actions";
import { TrialsTimeline } from "./trials-timeline";
import { SweepStatus } from "@/app/(dash)/sweeps/sweep-status";

export const metadata: Metadata = { title: "Sweep" };
export const dynamic = "force-dynamic";

const fmtVal = (v: unknown) => (typeof v === "number" ? (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : String(Number(v.toPrecision(4)))) : String(v));

function describeSpec(s: TSweepView): string {
  const keys = Object.entries(s.spec.space).map(([k, p]) => p.type === "list" ? `${k} ∈ {${p.values.join(", ")}}` : `${k} ${p.type === "log" ? "log" : "in"} [${p.min}, ${p.max}]${s.method === "grid" && p.count ? ` × ${p.count}` : ""}`);
  const st = s.spec.stopper;
  const stopper = st.type === "none" ? "no cross-trial stopper" : st.type === "median" ? `median stopping (≥ ${st.minTrials} others, from step ${st.warmupSteps})` : `ASHA (rungs at step ${st.minStep} × ${st.eta}^k, ≥ ${st.minTrials} per rung)`;
  return `${s.method === "grid" ? "Grid" : `Random (seed ${s.seed})`} over ${keys.join("; ")} · budget ${s.budget} · ${s.concurrency} at once · ${stopper}`;
}

export default async function SweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  let s: TSweepView;
  try {
    s = await getSweep(id);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
  const keys = Object.keys(s.spec.space);
  const runIds = s.trials.flatMap((t) => (t.runId ? [t.runId] : []));
  const axes = [...keys.map((k) => `hp:${k}`), "m:eval_loss:best"];
  const pcRuns = await loadCompareRuns(runIds, axes);
  const order = new Map(s.trials.map((t) => [t.runId, t.index]));
  pcRuns.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const colors: [string, string][] = pcRuns.map((r) => [r.id, runColor(order.get(r.id) ?? 0)]);
  const pcState = parseCompareState({ runs: runIds.join(","), pc: axes.join(","), pclog: keys.filter((k) => s.spec.space[k]!.type === "log").map((k) => `hp:${k}`).join(",") });
  const board = [...s.trials].sort((a, b) => (a.bestEvalLoss ?? Infinity) - (b.bestEvalLoss ?? Infinity) || a.index - b.index);
  const best = s.trials.find((t) => t.id === s.bestTrialId) ?? null;
  const live = s.status === "RUNNING" || s.status === "CANCELLING";
  const canOperate = hasRole(user.role, "OPERATOR");
  const pruned = s.trials.filter((t) => t.pruneRule).length;
  const now = new Date().toISOString();
  return (
    <div className="space-y-4">
      {live && <AutoRefresh everyMs={3000} />}
      <PageHeader title={s.name}
        description={<span data-testid="sweep-spec">{describeSpec(s)}</span>}
        actions={canOperate ? <SweepActions sweepId={s.id} canCancel={s.status === "RUNNING"} presetName={s.presetName}
          best={best && best.bestEvalLoss !== null ? { trialId: best.id, label: `trial ${best.index + 1} (${Object.entries(best.params).map(([k, v]) => `${k}=${fmtVal(v)}`).join(", ")}; best eval loss ${fmtVal(best.bestEvalLoss)})` } : null} /> : undefined} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
        <SweepStatus status={s.status} />
        <span>preset <Link className="text-accent-600 hover:underline" href={`/presets/${s.presetId}`}>{s.presetName}@v{s.presetVersion}</Link></span>
        <span data-testid="sweep-counts">{s.trials.filter((t) => t.status === "LAUNCHED").length} of {s.trials.length} trials started · {pruned} pruned by the stopper</span>
        {s.createdByName && <span>by {s.createdByName}</span>}
        {runIds.length > 0 && <Link className="text-accent-600 hover:underline" href={`${compareUrl(runIds.slice(0, 50)).replace(/^https?:\/\/[^/]+/, "")}&pc=${encodeURIComponent(axes.join(","))}`}>Open in compare</Link>}
        {s.promoted && (
          <span className="rounded bg-emerald-50 px-2 py-0.5 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" data-testid="sweep-promoted">
            Trial {(s.promoted.trialIndex ?? 0) + 1} promoted as <Link className="font-medium underline-offset-2 hover:underline" href={`/presets/${s.presetId}`}>{s.presetName} v{s.promoted.version}</Link>
          </span>
        )}
      </div>

      <section className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-sm" data-testid="leaderboard">
          <thead className="border-b border-zinc-200 bg-zinc-50 text-left text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
            <tr>
              <th className="px-3 py-2 font-medium">#</th>
              <th className="px-3 py-2 font-medium">trial</th>
              {keys.map((k) => <th key={k} className="px-3 py-2 font-mono font-medium">{k}</th>)}
              <th className="px-3 py-2 text-right font-medium">best eval loss</th>
              <th className="px-3 py-2 font-medium">status</th>
              <th className="px-3 py-2 font-medium">step</th>
              <th className="px-3 py-2 font-medium">stop reason</th>
            </tr>
          </thead>
          <tbody>
            {board.map((t, rank) => (
              <tr key={t.id} className={`border-t border-zinc-100 align-top dark:border-zinc-800 ${t.id === s.bestTrialId ? "bg-emerald-50/60 dark:bg-emerald-950/30" : ""}`}
                data-testid="trial-row" data-trial={t.index + 1} data-pruned={t.pruneRule ?? ""}>
                <td className="px-3 py-1.5 tabular-nums text-zinc-500">{t.bestEvalLoss !== null ? rank + 1 : "–"}</td>
                <td className="px-3 py-1.5 whitespace-nowrap">
                  {t.runId ? <Link className="text-accent-600 hover:underline" href={`/runs/${t.runId}`}>#{t.index + 1}</Link> : <>#{t.index + 1}</>}
                  {t.id === s.bestTrialId && <span className="ml-1.5 rounded bg-emerald-100 px-1 text-[10px] font-medium text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200">best</span>}
                </td>
                {keys.map((k) => <td key={k} className="px-3 py-1.5 font-mono text-xs tabular-nums">{t.params[k] === undefined ? "–" : fmtVal(t.params[k])}</td>)}
                <td className="px-3 py-1.5 text-right font-mono tabular-nums" data-testid="trial-best">{t.bestEvalLoss !== null ? t.bestEvalLoss.toFixed(4) : t.evalCount > 0 ? "NaN" : "–"}</td>
                <td className="px-3 py-1.5 whitespace-nowrap">
                  {t.runStatus ? <StatusPill status={t.runStatus as RunStatus} /> : <span className="text-xs text-zinc-500">{t.status.toLowerCase()}</span>}
                  {t.pruneRule && <span className="ml-1.5 rounded bg-amber-100 px-1 text-[10px] font-medium text-amber-800 dark:bg-amber-900 dark:text-amber-200">pruned · {t.pruneRule}</span>}
                  {t.verdict && <span className="ml-1.5 text-xs text-zinc-500">{verdictLabel(t.verdict)}</span>}
                </td>
                <td className="px-3 py-1.5 whitespace-nowrap text-xs tabular-nums text-zinc-500">{t.lastStep !== null ? `${t.lastStep}${t.totalSteps ? ` / ${t.totalSteps}` : ""}` : "–"}</td>
                <td className="max-w-[28rem] px-3 py-1.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="trial-reason">{t.error ?? t.stopReason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="grid items-start gap-4 xl:grid-cols-2">
        {pcRuns.length > 0
          ? <SweepPc runs={pcRuns} colors={colors} initial={pcState} />
          : <section className="rounded-lg border border-zinc-200 bg-white p-6 text-center text-sm text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900">Parallel coordinates appear once trials have started.</section>}
        <TrialsTimeline trials={s.trials} start={s.createdAt} now={s.finishedAt ?? now} bestTrialId={s.bestTrialId} />
      </div>
      {!canOperate && <p className="text-xs text-zinc-500">Operators can cancel the sweep and promote its best trial.</p>}
      <p className="text-xs text-zinc-500"><Link href="/sweeps" className={buttonClass("ghost", "sm")}>All sweeps</Link></p>
    </div>
  );
}
