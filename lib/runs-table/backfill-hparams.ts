// runs.hparams is derived from configYaml by whoever reads the table first: every way a run row can
// come to exist (launch, resume, import, a script) gets its columns without each writer knowing.
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import { flattenHparams } from "@/lib/runs-table/flatten-hparams";

const BATCH = 1000;

/** Derives up to `max` pending rows (newest first); returns how many it wrote. Idempotent and race-safe. */
export async function backfillHparams(max = 5 * BATCH): Promise<number> {
  const db = metricsPool();
  let done = 0;
  while (done < max) {
    const r = await db.query<{ id: string; configYaml: string }>(
      `SELECT id, "configYaml" FROM runs WHERE hparams IS NULL ORDER BY "createdAt" DESC LIMIT $1`, [BATCH]);
    if (r.rows.length === 0) break;
    const ids = r.rows.map((x) => x.id);
    const docs = r.rows.map((x) => JSON.stringify(flattenHparams(x.configYaml)));
    // "WHERE hparams IS NULL" again: two readers deriving the same rows write the same value once.
    await db.query(
      `UPDATE runs SET hparams = v.h::jsonb FROM unnest($1::text[], $2::text[]) AS v(id, h)
        WHERE runs.id = v.id AND runs.hparams IS NULL`, [ids, docs]);
    done += r.rows.length;
    if (r.rows.length < BATCH) break;
  }
  return done;
}
