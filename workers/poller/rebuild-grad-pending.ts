// After a worker restart, the grad-norm pairing picks up where the last worker left it: the points
// still waiting for their console dict and the dicts still waiting for their point are rebuilt from
// what Postgres holds (the recent train points and the stored console text), not lost.
import type pg from "pg";
import { parseConsole, initialConsoleState } from "@/lib/logs/parse-console";
import { gradRecordMatches } from "@/lib/logs/match-grad-norms";
import { readConsoleTail } from "@/lib/metrics/store/console-chunks";
import { pairGradNorms, type TGradPoint, type TGradRecord } from "@/lib/runs/pair-grad-norms";

const WINDOW_POINTS = 2000;
const WINDOW_CONSOLE_CHARS = 1_000_000;
const ALIGN_TRIES = 50;

type TRow = { offset: string; loss: number | null; epoch: number | null; gradNorm: number | null };

export async function rebuildPendingGradNorms(db: pg.Pool, runId: string): Promise<{
  pairs: { offset: number; gradNorm: number }[]; points: TGradPoint[]; records: TGradRecord[];
}> {
  const r = await db.query<TRow>(
    `SELECT "offset", loss, epoch, "gradNorm" FROM (
       SELECT "offset", loss, epoch, "gradNorm" FROM metric_points
        WHERE "runId"=$1 AND kind='TRAIN' AND loss IS NOT NULL ORDER BY "offset" DESC LIMIT $2) q ORDER BY "offset"`,
    [runId, WINDOW_POINTS]);
  const pts: TGradPoint[] = r.rows.map((x) => ({ offset: Number(x.offset), loss: x.loss, epoch: x.epoch }));
  if (pts.length === 0) return { pairs: [], points: [], records: [] };
  const tail = await readConsoleTail(db, { runId, maxChars: WINDOW_CONSOLE_CHARS });
  // The tail may start mid-line: parse from its first full line.
  const text = tail.truncated ? tail.text.slice(tail.text.indexOf("\n") + 1) : tail.text;
  const recs: TGradRecord[] = parseConsole(text, 0, initialConsoleState()).records
    .filter((x) => x.kind === "TRAIN").map((x) => ({ loss: x.loss, epoch: x.epoch, gradNorm: x.gradNorm }));
  // Line the two windows up on the first console dict that has its point in the point window.
  for (let j = 0; j < Math.min(ALIGN_TRIES, recs.length); j++) {
    const k = pts.findIndex((p) => gradRecordMatches(p, recs[j]!));
    if (k >= 0) return pairGradNorms(pts.slice(k), recs.slice(j));
  }
  // No overlap (no console yet, or it stopped printing dicts): the points after the last paired one
  // wait for dicts still to come. Unmatched old dicts are dropped: kept, they would block the walk.
  let last = -1;
  r.rows.forEach((x, i) => { if (x.gradNorm !== null) last = i; });
  return { pairs: [], points: pts.slice(last + 1), records: [] };
}
