// Redis connections. Producers (web, CLI) fail fast when Redis is down instead of buffering
// commands forever; BullMQ workers require maxRetriesPerRequest: null to block on Redis.
import { Redis } from "ioredis";
import { env } from "@/lib/env";

export function createProducerConnection(): Redis {
  const r = new Redis(env().REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  r.on("error", () => {}); // surfaced by the failing command instead
  return r;
}

export function createWorkerConnection(): Redis {
  const r = new Redis(env().REDIS_URL, { maxRetriesPerRequest: null });
  return r;
}

/**
 * BullMQ key prefix, derived from the database name: a test run against its own database never
 * shares queues with a dev worker on the same Redis (jobs carry ids only, valid in one database).
 */
export function queuePrefix(): string {
  const db = new URL(env().DATABASE_URL).pathname.replace(/^\//, "") || "default";
  return `ff-${db.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}
