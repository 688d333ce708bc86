// Whether any worker process is alive, judged from Postgres heartbeats alone (a worker may die at
// any moment without saying so). Pure, so the rule is unit-tested; the read is read-worker-health.

/** A worker that has not beaten for this long is taken for dead (it beats every 5 s). */
export const WORKER_STALE_MS = 30_000;

export type TWorkerHealth = {
  alive: boolean;
  /** Whole seconds since the most recent worker last reported (null when none ever did). */
  silentForS: number | null;
  /** True when that worker said it was shutting down (Ctrl-C) rather than going silent. */
  stoppedCleanly: boolean;
};

/** Ages in ms by the database's clock; stoppedAgeMs is null while the worker has not stopped. */
export type THeartbeatAge = { beatAgeMs: number; stoppedAgeMs: number | null };

export function judgeWorkerHealth(rows: THeartbeatAge[], staleMs: number = WORKER_STALE_MS): TWorkerHealth {
  const alive = rows.some((r) => r.stoppedAgeMs === null && r.beatAgeMs < staleMs);
  if (rows.length === 0) return { alive, silentForS: null, stoppedCleanly: false };
  const latest = rows.reduce((a, r) => (r.beatAgeMs < a.beatAgeMs ? r : a));
  const quietMs = Math.min(latest.beatAgeMs, latest.stoppedAgeMs ?? Infinity);
  return { alive, silentForS: Math.max(0, Math.floor(quietMs / 1000)), stoppedCleanly: latest.stoppedAgeMs !== null };
}

function since(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min`;
  if (s < 172_800) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** The banner's sentence, or null while a worker is alive. */
export function workerDownMessage(h: TWorkerHealth): string | null {
  if (h.alive) return null;
  const what = "runs are not being launched, watched or stopped.";
  if (h.silentForS === null) return `No worker has reported yet: ${what}`;
  return h.stoppedCleanly ? `The worker stopped ${since(h.silentForS)} ago: ${what}` : `No worker has reported for ${since(h.silentForS)}: ${what}`;
}
