// After GPUs free up (or a run is queued): grant leases on the host and deliver launch jobs.
import { dispatchHost } from "@/lib/runs/dispatch-host";
import { enqueue } from "@/lib/queue/enqueue";
import { QueueName } from "@/lib/queue/contracts";

export async function kickHostQueue(o: { hostId: string; exceptRunId?: string }): Promise<string[]> {
  const granted = await dispatchHost({ hostId: o.hostId });
  for (const runId of granted) if (runId !== o.exceptRunId) await enqueue(QueueName.RunLaunch, { runId });
  return granted;
}
