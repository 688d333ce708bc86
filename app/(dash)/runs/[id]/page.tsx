// /runs/[id] - one run: header and actions, live progress/charts/console, early-stop panel, final
// metrics, events timeline. Metric data is read raw (NaN-safe) and bucketed on the server.
import { lastExceptionLine } from "@/lib/rules/process-failure";
import Link from "next/link";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db";
import { requireUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { getRunSeries } from "@/lib/metrics/store/get-run-series";
import { getRunProgress } from "@/lib/metrics/store/get-run-progress";
import { readConsoleTail } from "@/lib/metrics/store/console-chunks";
import { getQueuePosition } from "@/lib/runs/queue-position";
import { logsThroughput } from "@/lib/runs/logs-throughput";
import { parseLiveVerdict } from "@/lib/runs/live-verdict-store";
import { compareUrl, presetRunIds } from "@/lib/presets/preset-run-ids";
import { StatusPill } from "@/app/components/status-pill";
import { buttonClass } from "@/app/components/button";
import { verdictLabel } from "@/app/components/verdict-badge";
import { LiveRunView } from "./live-run-view";
import { RunActions } from "./run-actions";
import { AdoptedNote, adoptedStopNote } from "./adopted-note";
import { EarlyStopPanel } from "./early-stop-panel";
import { AdvisedChange } from "./advised-change";
import { runAdvisedChanges } from "@/lib/runs/launch-advised";
import { EventsTimeline } from "./events-timeline";
import { FinalMetrics } from "./final-metrics";
import { QueuedPanel } from "./queued-panel";
import { SlurmPendingPanel } from "./slurm-pending-panel";
import { TIME_LIMIT_MESSAGE } from "@/lib/runs/supervise-slurm";
import { RunLabels } from "./run-labels";
import { GpuCharts } from "./gpu-charts";
import { getRunGpuSamples } from "@/lib/runs/get-gpu-samples";
import { describeExitCode } from "@/lib/runs/describe-exit";
import { resumeStepOf } from "@/lib/runs/resume-step";
import { formatDateTime } from "@/lib/format/format-time";
import { getRunEvaluation } from "@/lib/evaluation/get-run-evaluation";
import { parseRunConfig } from "@/lib/evaluation/run-config";
import { EvaluationPanel } from "./evaluation-panel";
import { NodesPanel } from "./nodes-panel";

export const dynamic = "force-dynamic";

const STOP_LABEL = { KILL: "kill", GRACEFUL: "graceful stop", EARLY_STOP: "early stop" } as const;
const when = (d: Date | null) => (d ? formatDateTime(d) : "–");

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const run = await prisma.run.findUnique({
    where: { id },
    include: {
      host: { select: { id: true, name: true, status: true } },
      slurmCluster: { select: { id: true, name: true, partition: true } },
      presetVersion: { select: { version: true, preset: { select: { id: true, name: true } } } },
      parentRun: { select: { id: true, name: true } },
      childRuns: { select: { id: true, name: true, status: true }, orderBy: { createdAt: "asc" } },
      sweepTrial: { select: { index: true, pruneReason: true, sweep: { select: { id: true, name: true } } } },
      createdBy: { select: { name: true } },
      stopRequestedBy: { select: { name: true } },
      events: { orderBy: { createdAt: "desc" }, take: 200 },
      nodes: { orderBy: { rank: "asc" }, include: { host: { select: { name: true } } } },
    },
  });
  if (!run) notFound();
  const db = metricsPool();
  const [series, progress, consoleTail, presetRuns, gpuSamples, evaluation] = await Promise.all([
    getRunSeries(db, { runId: id, xAxis: "step" }),
    getRunProgress(db, id),
    readConsoleTail(db, { runId: id, maxChars: 200_000 }),
    run.presetVersion ? presetRunIds(run.presetVersion.preset.id) : Promise.resolve([]),
    getRunGpuSamples({ runId: id }),
    getRunEvaluation(id),
  ]);
  const cfg = parseRunConfig(run.configYaml);
  const trains = cfg.do_train === true && (cfg.stage ?? "sft") === "sft";
  const canEvaluate = hasRole(user.role, "OPERATOR") && trains && !run.evaluatesRunId && !!run.presetVersionId && !["QUEUED", "CANCELLED"].includes(run.status);
  // A resumed run's charts continue the parent's curve: its steps up to the checkpoint, drawn faintly.
  const resumeStep = run.parentRun ? resumeStepOf(run.configYaml) : null;
  const parentSeries = run.parentRun && resumeStep !== null ? await getRunSeries(db, { runId: run.parentRun.id, xAxis: "step", x0: 0, x1: resumeStep }) : null;
  const queue = run.status === "QUEUED" ? await getQueuePosition({ runId: id }) : null;
  const overrides = Object.entries((run.overrides ?? {}) as Record<string, unknown>);
  const live = ["STARTING", "RUNNING", "UNREACHABLE", "STOPPING"].includes(run.status);
  const advised = hasRole(user.role, "OPERATOR") && run.presetVersionId && !live && run.status !== "QUEUED" ? await runAdvisedChanges(run.id) : [];
  // Cancelled before it reached its host: no progress, metrics, console or rule outcome to show.
  const started = run.remotePid !== null || run.slurmJobId !== null;
  const neverRan = run.status === "CANCELLED" && !started;
  const timeLimit = run.status === "STOPPED" ? run.events.find((e) => e.type === "STATUS_CHANGED" && e.message.startsWith(TIME_LIMIT_MESSAGE)) : undefined;
  const slurmPending = run.executor === "SLURM" && run.status === "STARTING";
  return (
    <div className="space-y-4">
      <header className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="flex items-center gap-2">
              <h1 className="min-w-0 truncate text-lg font-semibold" data-testid="run-name" title={run.name}>{run.name}</h1>
              <StatusPill status={run.status} />
              {run.verdict && <span className="whitespace-nowrap rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800" data-testid="run-verdict" title="the rules' verdict on this run's curves">{verdictLabel(run.verdict)}</span>}
            </div>
            <p className="mt-1 text-sm text-zinc-500">
              {run.executor === "SLURM"
                ? <>on Slurm cluster <Link className="underline-offset-2 hover:underline" href="/hosts">{run.slurmCluster?.name ?? run.host.name}</Link> · {run.gpuIndices.length} GPU{run.gpuIndices.length === 1 ? "" : "s"}</>
                : run.nodes.length > 1
                ? <>on {run.nodes.length} nodes: {run.nodes.map((n, i) => <span key={n.rank}>{i > 0 && ", "}<Link className="underline-offset-2 hover:underline" href="/hosts">{n.host.name}</Link> (GPU {n.gpuIndices.join(",")})</span>)}</>
                : <>on <Link className="underline-offset-2 hover:underline" href="/hosts">{run.host.name}</Link> · GPUs {run.gpuIndices.join(", ") || "–"}</>}
              {run.presetVersion && <> · preset <Link className="underline-offset-2 hover:underline" href={`/presets/${run.presetVersion.preset.id}`}>{run.presetVersion.preset.name}@v{run.presetVersion.version}</Link></>}
              {run.createdBy && <> · {run.origin === "ADOPTED" ? "adopted" : run.origin === "IMPORTED" ? "imported" : "launched"} by {run.createdBy.name}</>}
            </p>
            {run.origin === "ADOPTED" && <AdoptedNote info={run.processInfo} />}
          </div>
          <div className="flex flex-wrap items-center gap-2">
          {hasRole(user.role, "OPERATOR") && run.presetVersionId && (
            <Link href={`/launch?from=${run.id}`} className={buttonClass("secondary")}
              data-testid="launch-again">Launch again with changes</Link>
          )}
          <RunActions runId={run.id} runName={run.name} hostName={run.executor === "SLURM" ? run.slurmCluster?.name ?? run.host.name : run.host.name} canOperate={hasRole(user.role, "OPERATOR")}
            stopNote={run.origin === "ADOPTED" ? adoptedStopNote(run.processInfo) : null}
            canStop={live} canCancel={run.status === "QUEUED"} canResume={["STOPPED", "KILLED", "FAILED", "STOPPED_EARLY"].includes(run.status)} />
          </div>
        </div>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <Field k="executor" testId="run-executor" v={run.executor === "SLURM" ? `Slurm${run.slurmJobId ? ` · job ${run.slurmJobId}` : ""}${run.slurmState ? ` · ${run.slurmState}` : ""}` : run.nodes.length > 1 ? `SSH · ${run.nodes.length} nodes` : "SSH"} />
          <Field k="started" v={when(run.startedAt)} />
          <Field k="finished" v={when(run.finishedAt)} />
          <Field k="exit code" v={describeExitCode(run)} testId="run-exit-code" />
          <Field k="output dir" v={<code className="text-xs">{run.outputDir}</code>} title={run.outputDir} />
          {run.stopKind && <Field k="stop" wrap testId="run-stop" v={`${neverRan ? "cancelled" : STOP_LABEL[run.stopKind]}${run.stopRequestedBy ? ` by ${run.stopRequestedBy.name}` : ""} ${when(run.stopRequestedAt)}`} />}
          {run.sweepTrial && <Field k="sweep" v={<Link className="text-accent-600 hover:underline" href={`/sweeps/${run.sweepTrial.sweep.id}`} data-testid="run-sweep">{run.sweepTrial.sweep.name} · trial {run.sweepTrial.index + 1}</Link>} />}
          {run.parentRun && <Field k={resumeStep !== null ? "resumed from" : "child of"} v={<Link className="text-accent-600 hover:underline" href={`/runs/${run.parentRun.id}`}>{run.parentRun.name}</Link>} />}
          {run.childRuns.length > 0 && <Field k="child runs" v={run.childRuns.map((c) => <Link key={c.id} className="mr-2 text-accent-600 hover:underline" href={`/runs/${c.id}`}>{c.name}</Link>)} />}
          {(run.parentRun || presetRuns.length >= 2) && <Field k="compare" v={<>
            {run.parentRun && <Link className="mr-3 text-accent-600 hover:underline" href={compareUrl([run.parentRun.id, run.id])}>with parent</Link>}
            {presetRuns.length >= 2 && <Link className="text-accent-600 hover:underline" href={compareUrl(presetRuns)} data-testid="compare-preset-runs">all runs of this preset ({presetRuns.length})</Link>}
          </>} />}
          {!neverRan && run.status !== "QUEUED" && <Field k="curves" v={<>
            <a className="mr-3 text-accent-600 hover:underline" href={`/api/runs/${run.id}/curves?format=csv`} download data-testid="curves-csv">CSV</a>
            <a className="text-accent-600 hover:underline" href={`/api/runs/${run.id}/curves?format=json`} download>JSON</a>
          </>} />}
        </dl>
        <RunLabels runId={run.id} name={run.name} tags={run.tags} notes={run.notes} canEdit={hasRole(user.role, "OPERATOR")} />
        {overrides.length > 0 && (
          <div className="mt-2 flex flex-wrap gap-1.5 text-xs" data-testid="run-overrides">
            <span className="text-zinc-500">overrides</span>
            {overrides.map(([k, v]) => <code key={k} className="rounded bg-amber-50 px-1.5 py-0.5 text-amber-900 dark:bg-amber-950 dark:text-amber-200">{k}={JSON.stringify(v)}</code>)}
          </div>
        )}
        {timeLimit && (
          <p role="status" data-testid="time-limit-note" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
            {timeLimit.message} Use <span className="font-medium">Resume</span> to continue in a new job.
          </p>
        )}
        {run.errorExcerpt && lastExceptionLine(run.errorExcerpt) && (
          <p role="alert" data-testid="failure-line" className="mt-3 break-words font-mono text-sm font-semibold text-red-800 dark:text-red-300">{lastExceptionLine(run.errorExcerpt)}</p>
        )}
        {run.errorExcerpt && (
          <pre className="mt-3 max-h-40 overflow-auto rounded border border-red-200 bg-red-50 p-2 text-xs text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200" data-testid="error-excerpt">{run.errorExcerpt}</pre>
        )}
      </header>
      {run.nodes.length > 1 && <NodesPanel nodes={run.nodes} masterAddr={run.masterAddr} masterPort={run.masterPort} live={live} />}
      {slurmPending
        ? <SlurmPendingPanel clusterName={run.slurmCluster?.name ?? run.host.name} partition={run.slurmCluster?.partition ?? ""} jobId={run.slurmJobId} state={run.slurmState} reason={run.queueReason} position={run.queuePosition} gpus={run.gpuIndices.length} />
        : run.status === "QUEUED"
        ? <QueuedPanel hostName={run.host.name} hostReachable={run.host.status === "ONLINE"} gpuIndices={run.gpuIndices} queue={queue} />
        : progress && !neverRan && <LiveRunView runId={run.id} initialSeries={series}
          parent={parentSeries && run.parentRun && resumeStep !== null ? { name: run.parentRun.name, resumeStep, loss: parentSeries.series.loss.points, evalLoss: parentSeries.series.evalLoss.points } : null} initialProgress={progress} initialConsole={consoleTail}
          initialLiveVerdict={parseLiveVerdict(run.liveVerdict)}
          logsThroughput={logsThroughput(run.configYaml)}
          stop={run.stopRule && run.stopStep !== null ? { rule: run.stopRule, step: run.stopStep } : null} bestStep={run.bestStep}
          finalPending={run.finalMetrics === null && run.status !== "CANCELLED" && (live
            || (started && !!run.finishedAt && Date.now() - run.finishedAt.getTime() < 120_000))} />}
      {/* The GPU poller samples SSH hosts' nvidia-smi; Slurm's nodes are the scheduler's, not sampled here. */}
      {run.status !== "QUEUED" && !neverRan && run.executor !== "SLURM" && <GpuCharts runId={run.id} live={live} initial={gpuSamples} />}
      {!neverRan && !slurmPending && (
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="space-y-4">
            <EarlyStopPanel run={run} />
            <AdvisedChange runId={run.id} hostName={run.host.name} gpus={run.gpuIndices} changes={advised} />
          </div>
          <FinalMetrics finalMetrics={run.finalMetrics} status={run.status} />
        </div>
      )}
      {!neverRan && evaluation && (canEvaluate || evaluation.evaluation || evaluation.evaluates || evaluation.evaluations.length > 0
        || evaluation.perDataset.length > 0 || Object.keys(evaluation.accuracyCurves).length > 0) && (
        <EvaluationPanel runId={run.id} runName={run.name} hostName={run.host.name} ev={evaluation} canEvaluate={canEvaluate} ended={!live} />
      )}
      <EventsTimeline events={run.events.map((e) => ({ id: String(e.id), type: e.type, message: e.message, at: e.createdAt.toISOString() }))} />
    </div>
  );
}

// One line per value; a value cut short keeps its full text in a tooltip.
// `wrap` fields (the stop line: who and when) span two columns and wrap instead of being cut.
function Field({ k, v, title, wrap, testId }: { k: string; v: React.ReactNode; title?: string; wrap?: boolean; testId?: string }) {
  return (
    <div className={wrap ? "col-span-2 min-w-0" : "min-w-0"} data-testid={testId}>
      <dt className="text-xs text-zinc-500">{k}</dt>
      <dd className={wrap ? "break-words" : "truncate"} title={title ?? (typeof v === "string" || typeof v === "number" ? String(v) : undefined)}>{v}</dd>
    </div>
  );
}
