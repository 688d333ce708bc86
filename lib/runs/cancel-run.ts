// Cancel = the queue-side name for a stop: a QUEUED run is cancelled without touching its host; a
// run that already started is killed through the ladder (requestStop decides which).
import { requestStop, type TRequestStopResult } from "@/lib/runs/request-stop";

export function cancelRun(o: { runId: string; userId: string | null }): Promise<TRequestStopResult> {
  return requestStop({ runId: o.runId, userId: o.userId, kind: "KILL", reason: "cancelled" });
}
