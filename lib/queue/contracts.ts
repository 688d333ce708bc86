// Every BullMQ queue, its payload schema and its retry policy, in one place. Payloads carry ids
// only: the worker loads rows and credentials from Postgres. New fields must be .optional() until
// old jobs have drained.
import { z } from "zod";
import type { JobsOptions } from "bullmq";

export const QueueName = {
  RunLaunch: "run-launch-queue",
  RunStop: "run-stop-queue",
} as const;
export type TQueueName = (typeof QueueName)[keyof typeof QueueName];

export const ZRunLaunchPayload = z.object({ runId: z.string().min(1).max(64) });
export const ZRunStopPayload = z.object({ runId: z.string().min(1).max(64) });

export const PAYLOAD_SCHEMAS = {
  [QueueName.RunLaunch]: ZRunLaunchPayload,
  [QueueName.RunStop]: ZRunStopPayload,
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
};

/** The BullMQ job id for a run on a queue (ids may not contain ":"). */
export function jobIdFor(queue: TQueueName, runId: string): string {
  return `${queue === QueueName.RunLaunch ? "launch" : "stop"}-${runId}`;
}
