// Consumer of webhook-delivery-queue: one signed POST per job attempt. A non-2xx answer or a network
// error throws, so BullMQ retries with the job's exponential backoff; the last attempt throws
// UnrecoverableError after the row was marked FAILED.
import { UnrecoverableError, type Job } from "bullmq";
import { ZWebhookDeliveryPayload } from "@/lib/queue/contracts";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";
import { createLogger } from "@/lib/logger";

const log = createLogger("WEBHOOK DELIVERY");

export async function processWebhookDelivery(job: Job): Promise<string> {
  const parsed = ZWebhookDeliveryPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad webhook-delivery payload: ${parsed.error.issues[0]?.message}`);
  const { deliveryId } = parsed.data;
  const b = job.opts.backoff;
  const backoffMs = typeof b === "number" ? b : b?.delay ?? 10_000;
  const r = await deliverWebhook({ deliveryId, jobAttemptsMade: job.attemptsMade, jobAttempts: job.opts.attempts ?? 1, backoffMs });
  log.info("attempt", { deliveryId, jobId: job.id, outcome: r.outcome, statusCode: r.statusCode });
  if (r.outcome === "retry") throw new Error(`${r.error ?? "failed"}; retrying at ${r.nextAttemptAt?.toISOString()}`);
  if (r.outcome === "failed") throw new UnrecoverableError(`${r.error ?? "failed"}; giving up`);
  return r.outcome;
}
