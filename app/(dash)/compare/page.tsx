// /compare?runs=a,b,c&... - up to 50 runs: overlaid (or grouped) curves, parallel coordinates, the
// hyperparameters that differ, outcomes. Every view setting is in the URL (lib/compare/compare-state).
import { requireUser } from "@/lib/auth/require-user";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { getCompareSeries } from "@/lib/metrics/store/get-compare-series";
import { parseCompareState, MAX_COMPARE } from "@/lib/compare/compare-state";
import { compareEvalKeys, differingHparams, loadCompareRuns } from "@/lib/compare/load-compare-runs";
import { listColumnOptions } from "@/lib/runs-table/list-column-options";
import { PageHeader } from "@/app/components/page-header";
import { EmptyState } from "@/app/components/empty-state";
import { CompareView } from "./compare-view";
import { RunPicker } from "./run-picker";

export const dynamic = "force-dynamic";

/** Without chosen axes: up to 4 differing numeric hyperparameters, then best eval loss and final train loss. */
function defaultAxes(runs: { hparams: Record<string, unknown> }[], differing: string[]): string[] {
  const numeric = differing.filter((k) => runs.some((r) => typeof r.hparams[k] === "number")).slice(0, 4);
  return [...numeric.map((k) => `hp:${k}`), "m:eval_loss:best", "loss"];
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const sp = await searchParams;
  const flat = Object.fromEntries(Object.entries(sp).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const state = parseCompareState(flat);
  if (state.runs.length === 0) {
    return (
      <>
        <PageHeader title="Compare runs" />
        <div className="mb-4"><RunPicker state={state} /></div>
        <EmptyState title="Pick runs to compare." body={`Tick runs in the runs list and press Compare, or add them above (up to ${MAX_COMPARE}).`} />
      </>
    );
  }
  const [probe, evalKeys] = await Promise.all([loadCompareRuns(state.runs, []), compareEvalKeys(state.runs)]);
  const differing = differingHparams(probe);
  const axes = state.pc.length ? state.pc : defaultAxes(probe, differing);
  const [runs, series, options] = await Promise.all([
    loadCompareRuns(state.runs, axes, evalKeys),
    getCompareSeries(metricsPool(), {
      runIds: probe.map((r) => r.id), xAxis: state.axis, maxPoints: probe.length <= 10 ? 1500 : 400,
      ...(state.zoom ? { x0: state.zoom.x0, x1: state.zoom.x1 } : {}),
    }),
    listColumnOptions(),
  ]);
  const missing = state.runs.filter((id) => !runs.some((r) => r.id === id));
  return (
    <div className="space-y-4">
      <PageHeader title={`Compare ${runs.length} run${runs.length === 1 ? "" : "s"}`}
        description={missing.length ? `Not found: ${missing.join(", ")}` : "Every setting below is in this page's URL: share it to show a teammate the same view."} />
      <CompareView key={`${state.runs.join(",")}|${axes.join(",")}`} state={{ ...state, pc: axes }} explicitAxes={state.pc.length > 0} runs={runs}
        initialSeries={series} differing={differing} resultKeys={options.results.map((k) => k.key)} evalKeys={evalKeys} />
    </div>
  );
}
