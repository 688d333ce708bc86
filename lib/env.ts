// The one place process.env is read. Every process (web, worker, CLI, scripts) validates at start.
import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  HOST_KEY_SECRET: z.string().min(32, "HOST_KEY_SECRET must be at least 32 characters (base64 of 32 random bytes)"),
  APP_URL: z.string().url().default("http://127.0.0.1:3000"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Seconds between log polls of each RUNNING run. */
  POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** Seconds before a graceful stop escalates to SIGTERM, then to SIGKILL. */
  KILL_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Root folder on GPU hosts under which each run gets its own output folder. */
  REMOTE_RUNS_DIR: z.string().min(1).default("ffloor-runs"),
  /** Reverse proxies in front of the app that append to X-Forwarded-For (0: clients connect directly,
   *  the header is ignored). Client IPs for throttling, sessions and audit rows depend on it. */
  TRUSTED_PROXY_COUNT: z.coerce.number().int("TRUSTED_PROXY_COUNT must be a whole number").min(0).max(10).default(0),
  SESSION_COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  /** A launch whose host does not answer for this long, before anything was started, fails and frees its GPUs. */
  LAUNCH_GIVE_UP_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
  /** A RUNNING run whose log and console have not grown for this long gets a "no progress" alert (hung rank). */
  NO_PROGRESS_ALERT_MS: z.coerce.number().int().min(1000).max(86_400_000).default(1_200_000),
  /** How often each worker process writes its heartbeat row (the dashboard warns after 30 s of silence). */
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(10_000).default(5_000),
  /** How often the worker reads nvidia-smi on every host (inventory + per-run GPU samples). */
  GPU_POLL_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(10_000),
  /** A worker's lease on a host lasts this long unless renewed; a dead worker's hosts move after it (lib/fleet). */
  WORKER_LEASE_TTL_MS: z.coerce.number().int().min(1_000).max(120_000).default(5_000),
  /** How often a worker renews its host leases, beats, and rebalances (well under the TTL). */
  WORKER_LEASE_RENEW_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** 1: the worker prints one line per poll cycle with the run ids it polled (benchmarks read them). */
  WORKER_REPORT_CYCLES: z.enum(["0", "1"]).default("0"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** Base of the exponential backoff between webhook POSTs; unset = the queue's 10 s. Tests shorten it. */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).optional(),
});
export type TEnv = z.infer<typeof ZEnv>;

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const r = ZEnv.safeParse(cleaned);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment (see .env.example):\n${lines}`);
  }
  return r.data;
}

let cached: TEnv | undefined;
/** Lazily parsed so `next build` can import modules without a full runtime environment. */
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
