// One poll's worth of the run's console (stdout+stderr): the text chunk for the console tail and the
// Trainer's printed dicts (grad_norm lives only there), committed with the new offset in one
// transaction guarded by the offset the chunk was read from, like the trainer log.
import { parseConsole, type TConsoleRecord, type TConsoleState } from "@/lib/logs/parse-console";
import { metricsPool } from "@/lib/metrics/store/pg-pool";
import type { TLeaseFence } from "@/lib/fleet/fence";

export type TConsoleIngest = { applied: boolean; newOffset: number; state: TConsoleState; records: TConsoleRecord[] };

export async function ingestConsoleChunk(o: { runId: string; chunk: Buffer; baseOffset: number; state: TConsoleState; fence?: TLeaseFence }): Promise<TConsoleIngest> {
  const parsed = parseConsole(o.chunk, o.baseOffset, o.state);
  const consumed = parsed.consumedBytes;
  if (consumed === 0) return { applied: true, newOffset: o.baseOffset, state: o.state, records: [] };
  // Cut points are \n or \r bytes, so the slice never splits a UTF-8 sequence.
  const text = o.chunk.toString("utf8", 0, consumed);
  const newOffset = o.baseOffset + consumed;
  // One statement, so one round trip: the offset moves only if it is still where the chunk was read
  // from (a racing worker re-checks after our commit and matches nothing), and the chunk is stored
  // only if it did. A replayed chunk is a no-op thanks to the (runId, offset) key. With a fence, the
  // host's lease row must still be this worker's epoch (locked FOR KEY SHARE until the statement commits).
  const f = o.fence;
  const r = await metricsPool().query<{ n: number }>(
    `WITH u AS (UPDATE runs SET "consoleOffset"=$3, "updatedAt"=now() WHERE id=$1 AND "consoleOffset"=$2
                  AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM host_leases WHERE "hostId"=$5 AND "workerId"=$6 AND epoch=$7::bigint FOR KEY SHARE))
                RETURNING id),
          i AS (INSERT INTO console_chunks ("runId","offset","text") SELECT $1, $2, $4 FROM u ON CONFLICT ("runId","offset") DO NOTHING)
     SELECT count(*)::int AS n FROM u`,
    [o.runId, o.baseOffset, newOffset, text, f?.hostId ?? null, f?.workerId ?? null, f?.epoch.toString() ?? null]);
  if (r.rows[0]?.n !== 1) return { applied: false, newOffset: o.baseOffset, state: o.state, records: [] };
  return { applied: true, newOffset, state: parsed.state, records: parsed.records };
}
