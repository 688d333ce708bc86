// Consumer of run-launch-queue: validates the payload and runs the checkpointed launch in lib.
import { UnrecoverableError, type Job } from "bullmq";
import { ZRunLaunchPayload } from "@/lib/queue/contracts";
import { launchRun } from "@/lib/runs/launch-run";
import { createLogger } from "@/lib/logger";

const log = createLogger("RUN LAUNCH");

export async function processLaunch(job: Job): Promise<string> {
  const parsed = ZRunLaunchPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad run-launch payload: ${parsed.error.issues[0]?.message}`);
  const { runId } = parsed.data;
  const t0 = Date.now();
  try {
    const outcome = await launchRun({ runId });
    log.info("launch", { runId, jobId: job.id, outcome, ms: Date.now() - t0, attempt: job.attemptsMade + 1 });
    return outcome;
  } catch (e) {
    // SSH trouble: BullMQ retries with backoff, and the supervisor sweep re-delivers after that.
    log.warn("launch attempt failed; will retry", { runId, jobId: job.id, attempt: job.attemptsMade + 1, err: (e as Error).message });
    throw e;
  }
}
