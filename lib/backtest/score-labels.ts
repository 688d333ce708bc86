// Scoring a backtest against a practitioner's labels (the shape of fixtures/wild-logs/LABELS.json):
// a required stop must fall in [notBefore, stopBy]; a run that needs none must not be stopped (unless a
// stop is acceptable there and comes at or after notBefore); the verdict must be the label's or one of
// its acceptable alternatives ("not-judgeable" also accepts "learning"); the best step, when the label
// gives a range and the engine names one, must be inside it.
import { z } from "zod";

const ZStep = z.number().int().nonnegative();

export const ZRunLabel = z.object({
  stop: z.boolean(),
  stopBy: ZStep.nullable().default(null),
  notBefore: ZStep.nullable().default(null),
  stopAcceptable: z.boolean().default(false),
  bestStep: ZStep.nullable().default(null),
  bestRange: z.tuple([ZStep, ZStep]).nullable().default(null),
  verdict: z.string().min(1),
  acceptable: z.array(z.string()).default([]),
  notes: z.string().optional(),
  parse: z.string().optional(),
}).refine((l) => !l.stop || l.stopBy !== null, { message: "a required stop needs stopBy", path: ["stopBy"] });
export type TRunLabel = z.infer<typeof ZRunLabel>;

export const ZLabelsFile = z.record(z.string().min(1), ZRunLabel);
export type TLabelsFile = z.infer<typeof ZLabelsFile>;

/** What the scorer reads from a backtest (the CLI's JSON line has these keys). */
export type TScoredResult = { stopped: boolean; stopStep: number | null; verdict: string; bestStep: number | null; rule: string | null; reason: string };

export type TScore = { right: boolean; problems: string[]; missedStop: boolean; falseStop: boolean; requiredStop: boolean };

export function scoreAgainstLabel(label: TRunLabel, r: TScoredResult): TScore {
  const problems: string[] = [];
  let missedStop = false;
  let falseStop = false;
  if (label.stop) {
    if (!r.stopped) { problems.push(`missed stop (by ${label.stopBy})`); missedStop = true; }
    else if (r.stopStep === null || r.stopStep < (label.notBefore ?? 0) || r.stopStep > label.stopBy!) {
      problems.push(`stop at ${r.stopStep} outside [${label.notBefore ?? 0}, ${label.stopBy}]`);
      missedStop = true;
    }
  } else if (r.stopped && !(label.stopAcceptable && r.stopStep !== null && r.stopStep >= (label.notBefore ?? 0))) {
    problems.push(`false stop at ${r.stopStep}`);
    falseStop = true;
  }
  const ok = new Set([label.verdict, ...label.acceptable]);
  if (ok.has("not-judgeable")) ok.add("learning");
  if (!ok.has(r.verdict)) problems.push(`verdict ${r.verdict} not in ${[...ok].sort().join("/")}`);
  const rng = label.bestRange;
  if (rng && r.bestStep !== null && !(rng[0] <= r.bestStep && r.bestStep <= rng[1])) problems.push(`best ${r.bestStep} outside [${rng[0]}, ${rng[1]}]`);
  return { right: problems.length === 0, problems, missedStop, falseStop, requiredStop: label.stop };
}

export type TScoreRow = { name: string; label: TRunLabel | null; result: TScoredResult | null; score: TScore | null; error: string | null };

export type TScoreTotals = { right: number; scored: number; requiredStops: number; requiredStopsRight: number; falseStops: number };

export function scoreTotals(rows: readonly TScoreRow[]): TScoreTotals {
  const t: TScoreTotals = { right: 0, scored: 0, requiredStops: 0, requiredStopsRight: 0, falseStops: 0 };
  for (const r of rows) {
    if (!r.label) continue; // a log without a label is listed, not scored
    t.scored++;
    if (r.score?.right) t.right++;
    if (r.label.stop) { t.requiredStops++; if (r.score && !r.score.missedStop) t.requiredStopsRight++; }
    if (r.score?.falseStop) t.falseStops++;
  }
  return t;
}

const cell = (s: string, w: number): string => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));

/** A fixed-width table, one row per log, then the `N/M right` line. */
export function formatScoreTable(rows: readonly TScoreRow[]): string {
  const head = ["log", "verdict", "expected", "stop", "expected stop", "best", "result"];
  const widths = [34, 14, 26, 10, 18, 6, 0];
  const lines = [head.map((h, i) => (widths[i] ? cell(h, widths[i]!) : h)).join(" ")];
  for (const r of rows) {
    const l = r.label;
    const res = r.result;
    const expStop = !l ? "" : l.stop ? `${l.notBefore ?? 0}–${l.stopBy}` : l.stopAcceptable ? `none (ok ≥${l.notBefore ?? 0})` : "none";
    const outcome = r.error ? `ERROR ${r.error}` : !l ? "no label" : r.score!.right ? "right" : `WRONG ${r.score!.problems.join("; ")}`;
    lines.push([
      cell(r.name, widths[0]!), cell(res?.verdict ?? "-", widths[1]!),
      cell(l ? [l.verdict, ...l.acceptable].join("/") : "-", widths[2]!),
      cell(res ? (res.stopped ? String(res.stopStep) : "-") : "-", widths[3]!), cell(expStop, widths[4]!),
      cell(res?.bestStep === null || !res ? "-" : String(res.bestStep), widths[5]!), outcome,
    ].join(" "));
  }
  const t = scoreTotals(rows);
  lines.push(`${t.right}/${t.scored} right (${t.requiredStopsRight}/${t.requiredStops} required stops, ${t.falseStops} false stops)`);
  return lines.join("\n");
}
