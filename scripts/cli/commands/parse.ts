// `cli parse FILE [--json] [--no-trainer-state]`: parse a local trainer_log.jsonl with the same code as the
// live poller, completed from the run's trainer_state.json when one sits beside it (or in a checkpoint-N/).
import { readFile } from "node:fs/promises";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { withTrainerState } from "./trainer-state-file";

const isNonFinite = (v: number | null): boolean => v !== null && !Number.isFinite(v);

export async function run(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const file = argv.find((a) => !a.startsWith("--"));
  if (!file) {
    process.stderr.write("usage: cli parse FILE [--json] [--no-trainer-state]\n");
    return 1;
  }
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  // Offline the file is finished: an unterminated last line is complete, not partial.
  if (buf.length > 0 && buf[buf.length - 1] !== 10) buf = Buffer.concat([buf, Buffer.from("\n")]);
  const r = parseTrainerLog(buf, 0, initialParserState());
  // trainer_state.json beside the log (or in its newest checkpoint) adds grad norms and what a truncated log lost.
  const st = argv.includes("--no-trainer-state") ? { points: r.points, summary: null } : await withTrainerState(file, r.points, buf.length);
  let totalSteps: number | null = null;
  let trainPoints = 0;
  let evalPoints = 0;
  let nonFinite = 0;
  for (const p of st.points) {
    if (p.totalSteps !== null) totalSteps = p.totalSteps;
    if (p.kind === "TRAIN") trainPoints++;
    if (p.kind === "EVAL") evalPoints++;
    if (isNonFinite(p.loss) || isNonFinite(p.evalLoss)) nonFinite++;
  }
  const summary = {
    lines: r.state.nextLine,
    trainPoints,
    evalPoints,
    nonFinite,
    segments: r.points.length > 0 ? r.state.segment + 1 : 0,
    lastStep: st.points.length > r.points.length ? st.points.slice(r.points.length).reduce((m, p) => Math.max(m, p.step), r.state.lastStep ?? 0) : r.state.lastStep,
    totalSteps,
    /** Lines a second writer logged again (skipped: one point per step). */
    duplicateLines: r.state.duplicates ?? 0,
    /** false for a predict-only log or a lone summary line: no loss to judge. */
    judgeable: trainPoints + evalPoints > 0,
    /** The trainer_state.json used (null: none found; --no-trainer-state skips it). */
    trainerState: st.summary,
    // 1-based line numbers, as an editor shows them.
    warnings: r.warnings.map((w) => ({ line: w.line + 1, message: w.message })),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  const out = [
    `${file}`,
    `  lines        ${summary.lines}`,
    `  train points ${trainPoints}`,
    `  eval points  ${evalPoints}`,
    `  non-finite   ${nonFinite}`,
    `  segments     ${summary.segments}${summary.segments > 1 ? " (resumed)" : ""}`,
    `  last step    ${summary.lastStep ?? "-"} of ${totalSteps ?? "?"}`,
    ...(summary.duplicateLines ? [`  duplicates   ${summary.duplicateLines} line(s) logged twice by a second writer, skipped`] : []),
    ...(st.summary ? ["error" in st.summary ? `  state        ${st.summary.file}: ${st.summary.error}`
      : `  state        ${st.summary.file}: ${st.summary.entries} entries, ${st.summary.addedPoints} point(s) past the log's end, ` +
        `${st.summary.gradNorms} grad norm(s)${st.summary.extraMetrics.length ? `; also ${st.summary.extraMetrics.join(", ")}` : ""}`] : []),
    ...(summary.judgeable ? [] : ["  judgeable    no: the log has no train or eval loss (predict-only, or only the summary line)"]),
    `  warnings     ${summary.warnings.length}`,
    ...summary.warnings.slice(0, 20).map((w) => `    line ${w.line}: ${w.message}`),
  ];
  if (summary.warnings.length > 20) out.push(`    … ${summary.warnings.length - 20} more`);
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
