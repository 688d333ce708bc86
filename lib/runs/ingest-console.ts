// One poll's worth of the run's console (stdout+stderr): the text chunk for the console tail and the
// Trainer's printed dicts (grad_norm lives only there), committed with the new offset in one
// transaction guarded by the offset the chunk was read from, like the trainer log.
import { parseConsole, type TConsoleRecord, type TConsoleState } from "@/lib/logs/parse-console";
import { inTransaction } from "@/lib/metrics/store/pg-pool";
import { insertConsoleChunk } from "@/lib/metrics/store/console-chunks";

export type TConsoleIngest = { applied: boolean; newOffset: number; state: TConsoleState; records: TConsoleRecord[] };

export async function ingestConsoleChunk(o: { runId: string; chunk: Buffer; baseOffset: number; state: TConsoleState }): Promise<TConsoleIngest> {
  const parsed = parseConsole(o.chunk, o.baseOffset, o.state);
  const consumed = parsed.consumedBytes;
  if (consumed === 0) return { applied: true, newOffset: o.baseOffset, state: o.state, records: [] };
  // Cut points are \n or \r bytes, so the slice never splits a UTF-8 sequence.
  const text = o.chunk.toString("utf8", 0, consumed);
  const newOffset = o.baseOffset + consumed;
  return inTransaction(async (c) => {
    const cur = await c.query<{ consoleOffset: string }>(`SELECT "consoleOffset" FROM runs WHERE id=$1 FOR UPDATE`, [o.runId]);
    if (!cur.rows[0] || Number(cur.rows[0].consoleOffset) !== o.baseOffset) {
      return { applied: false, newOffset: o.baseOffset, state: o.state, records: [] };
    }
    await insertConsoleChunk(c, o.runId, o.baseOffset, text);
    await c.query(`UPDATE runs SET "consoleOffset"=$2, "updatedAt"=now() WHERE id=$1`, [o.runId, newOffset]);
    return { applied: true, newOffset, state: parsed.state, records: parsed.records };
  });
}
