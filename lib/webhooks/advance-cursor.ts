// Where the dispatcher may move its cursor in run_events. Ids come from a sequence at insert time but
// become visible at commit, so a lower id can appear after a higher one: stepping over a missing id at
// once would skip an event whose transaction was still open. So the cursor moves over consecutive ids,
// and over a gap (rolled back or deleted ids never come) only once the gap is settled:
// - the transaction that took the missing id started before the gap was first seen (it took the id
//   before the higher, already committed one). If every transaction open now started after that moment,
//   it has ended, and the scan that follows the check would see its row. Postgres tells us the oldest
//   open transaction (pg_stat_activity; it shows the sessions of our own role, the only writer);
// - or, whatever Postgres says, once the gap is `graceMs` old.
// Events beyond a gap are fanned out anyway (every pass reads all ids above the cursor and the unique
// key drops repeats), so a gap delays nothing; it only costs re-reads.

/** first missing id of a gap → when it was first seen (DB clock, ms). */
export type TGapClock = ReadonlyMap<bigint, number>;

export function advanceCursor(o: {
  cursor: bigint;
  /** run_events ids above the cursor, read after `checkedAt`. */
  ids: readonly bigint[];
  gaps: TGapClock;
  /** DB clock (ms) when the oldest open transaction was read, just before `ids`. */
  checkedAt: number;
  /** xact_start (ms) of the oldest other open transaction then, or null if none was open. */
  oldestOpenTx: number | null;
  graceMs: number;
}): { cursor: bigint; gaps: Map<bigint, number> } {
  const sorted = [...new Set(o.ids)].filter((id) => id > o.cursor).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const settled = (since: number) =>
    o.checkedAt - since >= o.graceMs || (since < o.checkedAt && (o.oldestOpenTx === null || o.oldestOpenTx > since));
  let c = o.cursor;
  let blocked = false;
  let prev = o.cursor;
  const gaps = new Map<bigint, number>();
  for (const id of sorted) {
    if (id !== prev + 1n) {
      const missing = prev + 1n;
      // A gap seen for the first time is dated `checkedAt`: never settled by the check that preceded it.
      const since = o.gaps.get(missing) ?? o.checkedAt;
      gaps.set(missing, since);
      if (!settled(since)) blocked = true;
    }
    if (!blocked) c = id;
    prev = id;
  }
  for (const k of gaps.keys()) if (k <= c) gaps.delete(k);
  return { cursor: c, gaps };
}
