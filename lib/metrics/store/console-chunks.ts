import type pg from "pg";

/** The newest console text: enough trailing chunks to hold `maxChars` characters, oldest first. */
export async function readConsoleTail(db: pg.Pool | pg.ClientBase, o: { runId: string; maxChars?: number }):
  Promise<{ text: string; endOffset: number; truncated: boolean }> {
  const maxChars = o.maxChars ?? 200_000;
  const r = await db.query<{ offset: string; text: string }>(
    `SELECT "offset", text FROM console_chunks WHERE "runId"=$1 ORDER BY "offset" DESC LIMIT 400`,
    [o.runId],
  );
  const parts: string[] = [];
  let n = 0;
  let truncated = r.rows.length === 400;
  for (const row of r.rows) {
    if (n >= maxChars) { truncated = true; break; }
    parts.push(row.text);
    n += row.text.length;
  }
  const last = r.rows[0];
  const text = parts.reverse().join("");
  return {
    text: text.length > maxChars ? text.slice(text.length - maxChars) : text,
    endOffset: last ? Number(last.offset) + Buffer.byteLength(last.text) : 0,
    truncated: truncated || text.length > maxChars,
  };
}

/** Console text stored after `afterOffset` (chunks start at or after it), for a live tail to append. */
export async function listConsoleAfter(db: pg.Pool | pg.ClientBase, o: { runId: string; afterOffset: number; maxChars?: number }):
  Promise<{ text: string; endOffset: number; reset: boolean }> {
  const maxChars = o.maxChars ?? 200_000;
  const r = await db.query<{ offset: string; text: string }>(
    `SELECT "offset", text FROM console_chunks WHERE "runId"=$1 AND "offset" >= $2 ORDER BY "offset" LIMIT 200`,
    [o.runId, o.afterOffset],
  );
  let text = "";
  let end = o.afterOffset;
  for (const row of r.rows) {
    text += row.text;
    end = Number(row.offset) + Buffer.byteLength(row.text);
  }
  // Too much to append: the client should replace its tail instead.
  if (text.length > maxChars) return { ...(await readConsoleTail(db, { runId: o.runId, maxChars })), reset: true };
  return { text, endOffset: end, reset: false };
}
