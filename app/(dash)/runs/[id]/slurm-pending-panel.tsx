// A Slurm run that is submitted but not yet running: Slurm's own view of the queue (squeue's place
// among the partition's pending jobs and its reason). The page re-renders every 2 s meanwhile.
import { AutoRefresh } from "@/app/components/auto-refresh";

const REASONS: Record<string, string> = {
  Resources: "the GPUs it asks for are busy on every node of the partition",
  Priority: "jobs with a higher priority are ahead of it",
  None: "Slurm has not evaluated it yet",
  QOSMaxJobsPerUserLimit: "the QOS limits how many jobs you can run at once",
  AssocGrpGRES: "the account's GPU limit is reached",
  ReqNodeNotAvail: "the nodes it needs are down or reserved",
  PartitionTimeLimit: "its time limit is above the partition's",
};

export function SlurmPendingPanel(p: { clusterName: string; partition: string; jobId: string | null; state: string | null; reason: string | null; position: number | null; gpus: number }) {
  return (
    <section className="ff-card flex items-start gap-4 p-5" data-testid="slurm-pending-panel">
      <AutoRefresh everyMs={2000} />
      <span className="relative mt-1.5 flex size-2.5 shrink-0" aria-hidden>
        <span className="absolute inline-flex size-2.5 animate-ping rounded-full bg-accent-400 opacity-50" />
        <span className="relative inline-flex size-2.5 rounded-full bg-accent-500" />
      </span>
      <div className="min-w-0 space-y-1.5">
        <h2 className="text-base font-semibold" data-testid="slurm-state" data-state={p.state ?? ""}>
          {p.jobId ? <>Slurm job {p.jobId} is {p.state ?? "PENDING"} on {p.clusterName}</> : <>Submitting to {p.clusterName}…</>}
          {p.position !== null && <> — position {p.position} in partition {p.partition}</>}
        </h2>
        {p.jobId && (
          <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="slurm-reason">
            Reason: <code className="font-mono">{p.reason ?? "None"}</code>
            {p.reason && REASONS[p.reason] ? <>: {REASONS[p.reason]}.</> : null}
          </p>
        )}
        <p className="text-xs text-zinc-500">
          Slurm schedules it (gres gpu:{p.gpus}); it starts by itself, and progress, charts and the console appear then. Kill cancels it with scancel.
        </p>
      </div>
    </section>
  );
}
