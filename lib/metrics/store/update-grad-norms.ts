import type pg from "pg";

/** Attaches console grad norms to stored train points by their byte offset (NaN kept). */
export async function updateGradNorms(db: pg.Pool | pg.ClientBase, runId: string, pairs: { offset: number; gradNorm: number }[]): Promise<void> {
  if (pairs.length === 0) return;
  const fl = (v: number) => (v !== v ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v));
  await db.query(
    `UPDATE metric_points m SET "gradNorm" = u.g FROM unnest($2::bigint[], $3::float8[]) AS u(o, g)
     WHERE m."runId"=$1 AND m."offset"=u.o`,
    [runId, `{${pairs.map((p) => p.offset).join(",")}}`, `{${pairs.map((p) => fl(p.gradNorm)).join(",")}}`],
  );
}
