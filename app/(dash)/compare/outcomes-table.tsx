// Outcomes of the compared runs: status, verdict, best eval loss, final train loss (NaN shown as NaN), time.
import Link from "next/link";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import type { TCompareRun } from "@/lib/compare/load-compare-runs";
import { fromJsonFloat } from "@/lib/metrics/store/float-text";
import { formatMetric } from "@/lib/format/format-time";
import { StatusPill } from "@/app/components/status-pill";
import { fmtDuration } from "@/app/(dash)/runs/[id]/format-duration";

const EVAL_LABEL: Record<string, string> = { "predict_bleu-4": "BLEU-4", "predict_rouge-1": "ROUGE-1", "predict_rouge-2": "ROUGE-2", "predict_rouge-l": "ROUGE-L" };

export function OutcomesTable({ runs, colors, evalKeys = [] }: { runs: TCompareRun[]; colors: Map<string, string>; evalKeys?: string[] }) {
  const now = Date.now();
  return (
    <section className="overflow-x-auto rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h3 className="mb-2 font-medium">Outcomes</h3>
      <table className="w-full text-xs" data-testid="outcomes">
        <thead><tr className="text-left text-zinc-500">
          {["run", "status", "verdict", "best eval loss", "final train loss"].map((h) => <th key={h} className="whitespace-nowrap py-1 pr-3 font-medium">{h}</th>)}
          {evalKeys.map((k) => <th key={k} className="whitespace-nowrap py-1 pr-3 font-medium" title={`${k}: the run's own, else its newest checkpoint evaluation's`} data-eval-col={k}>{EVAL_LABEL[k] ?? k}</th>)}
          {["steps", "duration", "GPU-hours", "stop reason"].map((h) => <th key={h} className="whitespace-nowrap py-1 pr-3 font-medium">{h}</th>)}
        </tr></thead>
        <tbody>
          {runs.map((r) => {
            const durS = r.startedAt ? ((r.finishedAt ? Date.parse(r.finishedAt) : now) - Date.parse(r.startedAt)) / 1000 : null;
            const ll = fromJsonFloat(r.lastLoss);
            const be = fromJsonFloat(r.bestEvalLoss);
            return (
              <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1 pr-3">
                  <span className="flex items-center gap-1"><span className="inline-block size-2 shrink-0 rounded-full" style={{ background: colors.get(r.id) }} />
                    <Link className="block max-w-56 truncate text-accent-600 hover:underline dark:text-accent-400" href={`/runs/${r.id}`} title={r.name}>{r.name}</Link></span>
                  <div className="pl-3 text-zinc-500">{r.hostName}</div>
                </td>
                <td className="pr-3"><StatusPill status={r.status as RunStatus} /></td>
                <td className="pr-3">{r.verdict ?? "–"}</td>
                <td className="whitespace-nowrap pr-3 tabular-nums">{be === null ? "–" : `${formatMetric(be)} @ ${r.bestStep ?? "?"}`}</td>
                <td className={`whitespace-nowrap pr-3 tabular-nums ${ll !== null && !Number.isFinite(ll) ? "font-semibold text-red-600 dark:text-red-400" : ""}`}>{formatMetric(ll)}</td>
                {evalKeys.map((k) => <td key={k} className="whitespace-nowrap pr-3 tabular-nums" data-eval={k}>{formatMetric(fromJsonFloat(r.evals[k] ?? null))}</td>)}
                <td className="whitespace-nowrap pr-3 tabular-nums">{r.lastStep ?? "–"} / {r.totalSteps ?? "–"}</td>
                <td className="whitespace-nowrap pr-3 tabular-nums">{fmtDuration(durS)}</td>
                <td className="pr-3 tabular-nums">{durS === null ? "–" : ((durS / 3600) * Math.max(1, r.gpuCount)).toFixed(2)}</td>
                <td className="min-w-56 py-1 pr-3 text-zinc-600 dark:text-zinc-400">{r.stopRule ? <span className="font-medium text-zinc-900 dark:text-zinc-100">{r.stopRule}: </span> : ""}{r.stopReason ?? "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
