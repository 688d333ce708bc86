// What a QUEUED run's page shows instead of empty charts: the host it waits on, its place in that
// host's queue and what it waits for. The page re-renders every 3 s meanwhile (the position moves
// without the run's own status changing), and shows progress and charts once the run starts.
import Link from "next/link";
import type { TQueuePosition } from "@/lib/runs/queue-position";
import { groupGpuHolders, gpuLabel } from "@/lib/runs/group-gpu-holders";
import { AutoRefresh } from "@/app/components/auto-refresh";

export function QueuedPanel(props: { hostName: string; hostReachable: boolean; gpuIndices: number[]; queue: TQueuePosition | null }) {
  const q = props.queue;
  const ahead = q ? q.position - 1 : 0;
  const gpus = props.gpuIndices.length === 1 ? `GPU ${props.gpuIndices[0]}` : `GPUs ${props.gpuIndices.join(", ")}`;
  return (
    <section className="ff-card flex items-start gap-4 p-5" data-testid="queued-panel">
      <AutoRefresh everyMs={3000} />
      <span className="relative mt-1.5 flex size-2.5 shrink-0" aria-hidden>
        <span className="absolute inline-flex size-2.5 animate-ping rounded-full bg-zinc-400 opacity-50" />
        <span className="relative inline-flex size-2.5 rounded-full bg-zinc-400" />
      </span>
      <div className="min-w-0 space-y-1.5">
        <h2 className="text-base font-semibold" data-testid="run-queue-position" data-position={q?.position ?? ""}>
          Waiting for GPUs on {props.hostName}{q && <> — position {q.position} in the queue</>}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="queue-reason">
          {!props.hostReachable
            ? <>{props.hostName} does not answer; the run starts once it is back and {gpus} {props.gpuIndices.length === 1 ? "is" : "are"} free.</>
            : q && q.waitingFor.length > 0
              ? groupGpuHolders(q.waitingFor).map((h, i) => (
                <span key={h.runId}>{i > 0 && ", "}{gpuLabel(h.gpus)} held by <Link className="font-medium text-accent-600 hover:underline dark:text-accent-400" href={`/runs/${h.runId}`}>{h.runName}</Link></span>
              ))
              : ahead > 0
                ? `${ahead} earlier run${ahead === 1 ? "" : "s"} on this host start${ahead === 1 ? "s" : ""} first.`
                : `${gpus} ${props.gpuIndices.length === 1 ? "is" : "are"} free: it starts within seconds.`}
        </p>
        <p className="text-xs text-zinc-500">
          It starts by itself when {gpus} {props.gpuIndices.length === 1 ? "frees" : "free"} up; progress, charts and the console appear then.{" "}
          <Link className="text-accent-600 hover:underline dark:text-accent-400" href="/queue">See the whole queue</Link>
        </p>
      </div>
    </section>
  );
}
