// Metric values go through raw `pg`, never Prisma: Prisma turns NaN/Infinity into null, and those
// non-finite points are the ones a user most needs to see.
import pg from "pg";
import { env } from "@/lib/env";

const g = globalThis as unknown as { ffMetricsPool?: pg.Pool };

/** One pool per process (Next dev reloads reuse it through globalThis). */
export function metricsPool(): pg.Pool {
  // JIT compilation costs ~150 ms per chart query and never pays off at these sizes; bucketing
  // 1M rows wants an in-memory hash aggregate instead of a sort spilling to disk at the 4 MB default.
  // No fsync wait on commit: every write through this pool is re-derived from the host's files if a
  // Postgres crash loses its last commits (points, console text and their offsets commit together,
  // so they go back together; grad norms are re-paired from the stored window on restart).
  g.ffMetricsPool ??= new pg.Pool({ connectionString: env().DATABASE_URL, max: 8, options: "-c jit=off -c work_mem=64MB -c synchronous_commit=off" });
  return g.ffMetricsPool;
}

export async function closeMetricsPool(): Promise<void> {
  const p = g.ffMetricsPool;
  g.ffMetricsPool = undefined;
  if (p) await p.end();
}

/** Runs fn inside one transaction on one connection; rolls back on any throw. */
export async function inTransaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await metricsPool().connect();
  try {
    await c.query("BEGIN");
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } catch (err) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
