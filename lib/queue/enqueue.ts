// Producer side: one cached Queue per name per process. The database row is written first; this
// only delivers the id, so a lost enqueue is repaired by the worker's startup/periodic sweep.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { createProducerConnection, queuePrefix } from "@/lib/queue/connection";
import { JOB_OPTIONS, PAYLOAD_SCHEMAS, jobIdFor, type TJobPayload, type TQueueName } from "@/lib/queue/contracts";

const g = globalThis as unknown as { ffQueues?: Map<TQueueName, Queue>; ffProducer?: Redis };

export function getQueue(name: TQueueName): Queue {
  g.ffQueues ??= new Map();
  let q = g.ffQueues.get(name);
  if (!q) {
    g.ffProducer ??= createProducerConnection();
    q = new Queue(name, { connection: g.ffProducer, prefix: queuePrefix() });
    q.on("error", () => {});
    g.ffQueues.set(name, q);
  }
  return q;
}

/** Waits until the producer connection is up: with the offline queue off, commands sent while
 *  connecting would fail immediately. */
async function ready(): Promise<void> {
  const r = g.ffProducer;
  if (!r || r.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("Redis is not reachable (queue unavailable).")), 5_000);
    r.once("ready", () => (clearTimeout(t), resolve()));
  });
}

/** `backoffMs` replaces the queue's base exponential backoff (tests use a short one). */
export async function enqueue<Q extends TQueueName>(name: Q, payload: TJobPayload<Q>, opts: { delayMs?: number; backoffMs?: number } = {}): Promise<void> {
  const data = PAYLOAD_SCHEMAS[name].parse(payload);
  const q = getQueue(name);
  await ready();
  await q.add(name, data, {
    ...JOB_OPTIONS[name],
    jobId: jobIdFor(name, data),
    ...(opts.delayMs ? { delay: opts.delayMs } : {}),
    ...(opts.backoffMs ? { backoff: { type: "exponential", delay: opts.backoffMs } } : {}),
  });
}

export async function closeQueues(): Promise<void> {
  const qs = [...(g.ffQueues?.values() ?? [])];
  g.ffQueues = new Map();
  await Promise.allSettled(qs.map((q) => q.close()));
  const r = g.ffProducer;
  g.ffProducer = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
