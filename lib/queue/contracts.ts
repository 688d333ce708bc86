// Every BullMQ queue, its payload schema and its retry policy, in one place. Payloads carry ids
// only: the worker loads rows and credentials from Postgres. New fields must be .optional() until
// old jobs have drained.
import { z } from "zod";
import type { JobsOptions } from "bullmq";

export const QueueName = {
  RunLaunch: "run-launch-queue",
  RunStop: "run-stop-queue",
  WebhookDelivery: "webhook-delivery-queue",
  HostImport: "host-import-queue",
} as const;
export type TQueueName = (typeof QueueName)[keyof typeof QueueName];

export const ZRunLaunchPayload = z.object({ runId: z.string().min(1).max(64) });
export const ZRunStopPayload = z.object({ runId: z.string().min(1).max(64) });
export const ZWebhookDeliveryPayload = z.object({ deliveryId: z.string().min(1).max(64) });
export const ZHostImportPayload = z.object({ importId: z.string().min(1).max(64) });

/** POSTs per webhook delivery before it is FAILED; the delivery row counts them, not the job. */
export const WEBHOOK_MAX_ATTEMPTS = 8;

export const PAYLOAD_SCHEMAS = {
  [QueueName.RunLaunch]: ZRunLaunchPayload,
  [QueueName.RunStop]: ZRunStopPayload,
  [QueueName.WebhookDelivery]: ZWebhookDeliveryPayload,
  [QueueName.HostImport]: ZHostImportPayload,
} as const;
export type TJobPayload<Q extends TQueueName> = z.infer<(typeof PAYLOAD_SCHEMAS)[Q]>;

// jobId = runId deduplicates; failed jobs are removed too, otherwise a kept failed job with that id
// would silently swallow every later enqueue for the run (Postgres keeps the error instead).
export const JOB_OPTIONS: Record<TQueueName, JobsOptions> = {
  [QueueName.RunLaunch]: {
    attempts: 6,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  [QueueName.RunStop]: {
    attempts: 5,
    backoff: { type: "exponential", delay: 1_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // 10 s, 20 s, … 640 s between the 8 attempts: a receiver may be down for ~20 min and still get it.
  [QueueName.WebhookDelivery]: {
    attempts: WEBHOOK_MAX_ATTEMPTS,
    backoff: { type: "exponential", delay: 10_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // An import resumes from Postgres, so a retry (or a stalled job after a worker died) loses nothing.
  [QueueName.HostImport]: {
    attempts: 5,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
};

/** The BullMQ job id for a payload: one live job per run (or delivery) per queue (ids may not contain ":"). */
export function jobIdFor(queue: TQueueName, payload: { runId: string } | { deliveryId: string } | { importId: string }): string {
  if ("deliveryId" in payload) return `webhook-${payload.deliveryId}`;
  if ("importId" in payload) return `import-${payload.importId}`;
  return `${queue === QueueName.RunLaunch ? "launch" : "stop"}-${payload.runId}`;
}
