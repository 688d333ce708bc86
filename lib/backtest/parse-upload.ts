// An uploaded trainer_log.jsonl, parsed by the ingest parser (same points as a watched run would have).
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import type { TParsedPoint } from "@/lib/logs/types";
import { AppError } from "@/lib/errors";

export type TParsedUpload = { points: TParsedPoint[]; durationS: number | null; warnings: string[] };

/** Logged training time: each resume segment's elapsed clock restarts at 0, so segments add up. */
export function loggedDurationS(points: readonly Pick<TParsedPoint, "segment" | "elapsedS">[]): number | null {
  const bySeg = new Map<number, number>();
  for (const p of points) if (p.elapsedS !== null) bySeg.set(p.segment, Math.max(bySeg.get(p.segment) ?? 0, p.elapsedS));
  if (bySeg.size === 0) return null;
  let s = 0;
  for (const v of bySeg.values()) s += v;
  return s;
}

export function parseUpload(name: string, text: string): TParsedUpload {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  const { points, warnings } = parseTrainerLog(body, 0, initialParserState());
  if (points.length === 0) {
    const first = warnings[0];
    throw new AppError("invalid", `${name}: no trainer_log.jsonl lines found${first ? ` (line ${first.line + 1}: ${first.message})` : ""}.`, "uploads");
  }
  return {
    points,
    durationS: loggedDurationS(points),
    warnings: warnings.slice(0, 5).map((w) => `${name} line ${w.line + 1}: ${w.message}`)
      .concat(warnings.length > 5 ? [`${name}: ${warnings.length - 5} more malformed line(s) skipped`] : []),
  };
}
