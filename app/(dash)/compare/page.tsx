// /compare?runs=a,b,c - 2 to 10 runs: overlaid curves, hyperparameter differences, outcomes.
import Link from "next/link";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { requireUser } from "@/lib/auth/require-user";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { getCompareSeries } from "@/lib/metrics/store/get-compare-series";
import { StatusPill } from "@/app/components/status-pill";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { CompareCharts } from "./compare-charts";
import { HparamTable, type THparamRun } from "./hparam-table";
import { differingKeys, flattenConfig } from "./flatten-config";
import { fmtDuration } from "@/app/(dash)/runs/[id]/format-duration";

export const dynamic = "force-dynamic";

const ZRuns = z.string().transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(64)).min(2, "Pick at least 2 runs to compare.").max(10, "Compare at most 10 runs at once."));

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const sp = await searchParams;
  const parsed = ZRuns.safeParse(typeof sp.runs === "string" ? sp.runs : "");
  if (!parsed.success) {
    return (<><PageHeader title="Compare runs" />
      <EmptyState title={parsed.error.issues[0]?.message ?? "Pick runs to compare."} body="Tick 2 to 10 runs in the runs list and press Compare, or open a resumed run and choose “compare with parent”." /></>);
  }
  const rows = await prisma.run.findMany({
    where: { id: { in: parsed.data } },
    select: { id: true, name: true, status: true, verdict: true, configYaml: true, overrides: true, bestEvalLoss: true, bestStep: true,
      lastStep: true, totalSteps: true, startedAt: true, finishedAt: true, gpuIndices: true, stopReason: true, stopRule: true,
      host: { select: { name: true } }, presetVersion: { select: { version: true, preset: { select: { name: true } } } } },
  });
  const runs = parsed.data.map((id) => rows.find((r) => r.id === id)).filter((r): r is NonNullable<typeof r> => !!r);
  const missing = parsed.data.filter((id) => !rows.some((r) => r.id === id));
  // Final train loss read raw: a run that ended on NaN must say NaN, not "–".
  const lastLoss = await metricsPool().query<{ id: string; lastLoss: number | null }>(`SELECT id, "lastLoss" FROM runs WHERE id = ANY($1)`, [runs.map((r) => r.id)]);
  const series = await getCompareSeries(metricsPool(), { runIds: runs.map((r) => r.id), xAxis: "step" });
  const hp: THparamRun[] = runs.map((r) => ({
    id: r.id, name: r.name, preset: r.presetVersion ? `${r.presetVersion.preset.name}@v${r.presetVersion.version}` : null,
    config: flattenConfig(r.configYaml), overrides: Object.keys((r.overrides ?? {}) as object),
  }));
  // output_dir always differs (Factory Floor gives every run its own folder): not a difference worth a row.
  const differing = [...differingKeys(hp.map((h) => h.config))].filter((k) => k !== "output_dir").sort();
  const now = Date.now();
  return (
    <div className="space-y-4">
      <PageHeader title={`Compare ${runs.length} run${runs.length === 1 ? "" : "s"}`} description={missing.length ? `Not found: ${missing.join(", ")}` : "Share this page's URL to show a teammate the same comparison."} />
      <CompareCharts runs={runs.map((r) => ({ id: r.id, name: r.name }))} initial={series} />
      <HparamTable runs={hp} differing={differing} />
      <section className="overflow-x-auto rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h3 className="mb-2 font-medium">Outcomes</h3>
        <table className="w-full text-xs" data-testid="outcomes">
          <thead><tr className="text-left text-zinc-500">
            {["run", "status", "verdict", "best eval loss", "final train loss", "steps", "duration", "GPU-hours", "stop reason"].map((h) => <th key={h} className="whitespace-nowrap py-1 pr-3 font-medium">{h}</th>)}
          </tr></thead>
          <tbody>
            {runs.map((r) => {
              const durS = r.startedAt ? ((r.finishedAt?.getTime() ?? now) - r.startedAt.getTime()) / 1000 : null;
              const ll = lastLoss.rows.find((x) => x.id === r.id)?.lastLoss ?? null;
              return (
                <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1 pr-3"><Link className="block max-w-56 truncate text-accent-600 hover:underline dark:text-accent-400" href={`/runs/${r.id}`} title={r.name}>{r.name}</Link><div className="text-zinc-500">{r.host.name}</div></td>
                  <td className="pr-3"><StatusPill status={r.status} /></td>
                  <td className="pr-3">{r.verdict ?? "–"}</td>
                  <td className="whitespace-nowrap pr-3 tabular-nums">{r.bestEvalLoss === null ? "–" : `${r.bestEvalLoss.toPrecision(4)} @ ${r.bestStep ?? "?"}`}</td>
                  <td className={`whitespace-nowrap pr-3 tabular-nums ${ll !== null && !Number.isFinite(ll) ? "text-red-600 dark:text-red-400" : ""}`}>{ll === null ? "–" : Number.isFinite(ll) ? ll.toPrecision(4) : String(ll)}</td>
                  <td className="whitespace-nowrap pr-3 tabular-nums">{r.lastStep ?? "–"} / {r.totalSteps ?? "–"}</td>
                  <td className="whitespace-nowrap pr-3 tabular-nums">{fmtDuration(durS)}</td>
                  <td className="pr-3 tabular-nums">{durS === null ? "–" : ((durS / 3600) * Math.max(1, r.gpuIndices.length)).toFixed(2)}</td>
                  <td className="min-w-56 py-1 pr-3 text-zinc-600 dark:text-zinc-400">{r.stopRule ? <span className="font-medium text-zinc-900 dark:text-zinc-100">{r.stopRule}: </span> : ""}{r.stopReason ?? "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
