// Consumer of run-stop-queue: the kill ladder for one run.
import { UnrecoverableError, type Job } from "bullmq";
import { ZRunStopPayload } from "@/lib/queue/contracts";
import { killRun } from "@/lib/runs/kill-run";
import { createLogger } from "@/lib/logger";

const log = createLogger("RUN STOP");

export async function processStop(job: Job): Promise<string> {
  const parsed = ZRunStopPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad run-stop payload: ${parsed.error.issues[0]?.message}`);
  const { runId } = parsed.data;
  const t0 = Date.now();
  try {
    const outcome = await killRun({ runId });
    log.info("stop", { runId, jobId: job.id, outcome, ms: Date.now() - t0 });
    return outcome;
  } catch (e) {
    log.warn("stop attempt failed; kill pending, will retry", { runId, jobId: job.id, err: (e as Error).message });
    throw e;
  }
}
