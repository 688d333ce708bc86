// `cli backtest FILE [--json] [--patience N] [--min-delta X] [--min-delta-rel X] [--rule NAME=off|alert|stop]
//   [--set RULE.PARAM=VALUE] [--config rules.json|yaml]`: the default rules over a trainer_log.jsonl as if
// live. The LAST stdout line is always the JSON result (scripts and hooks read it).
// `cli backtest DIR --labels LABELS.json [--json] [rule options]`: every trainer_log.jsonl under DIR,
// scored against the labels (lib/backtest/score-labels.ts); prints a table and `N/M right` (with --json
// a last JSON line with the totals and rows). Exit 0 when every labelled log is right, 1 otherwise,
// 2 on bad arguments or a bad labels file.
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { backtestPoints } from "@/lib/rules/backtest-points";
import { ZRulesConfig, type TRulesConfig } from "@/lib/rules/config";
import { withTrainerState } from "./trainer-state-file";
import { formatScoreTable, scoreAgainstLabel, scoreTotals, ZLabelsFile, type TLabelsFile, type TScoreRow } from "@/lib/backtest/score-labels";

const USAGE = "usage: cli backtest FILE [--json] [--patience N] [--min-delta X] [--min-delta-rel X] " +
  "[--rule NAME=off|alert|stop] [--set RULE.PARAM=VALUE] [--config FILE] [--no-trainer-state]\n" +
  "       cli backtest DIR --labels LABELS.json [--json] [same rule options]\n";

type TObj = Record<string, unknown>;

function setPath(obj: TObj, path: string, value: unknown): void {
  const [rule, param] = path.split(".");
  if (!rule || !param) throw new Error(`--set expects RULE.PARAM=VALUE, got "${path}"`);
  const inner = (obj[rule] ??= {}) as TObj;
  inner[param] = value;
}

function parseValue(raw: string): unknown {
  if (raw === "true" || raw === "false") return raw === "true";
  const n = Number(raw);
  return raw.trim() !== "" && Number.isFinite(n) ? n : raw;
}

async function buildConfig(args: string[]): Promise<{ file: string | null; json: boolean; labels: string | null; useState: boolean; config: TObj }> {
  let config: TObj = {};
  let useState = true;
  let file: string | null = null;
  let json = false;
  let labels: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--json") json = true;
    else if (a === "--labels") labels = next();
    else if (a === "--no-trainer-state") useState = false;
    else if (a === "--patience") setPath(config, "patience.patience", parseValue(next()));
    else if (a === "--min-delta") setPath(config, "patience.minDelta", parseValue(next()));
    else if (a === "--min-delta-rel") setPath(config, "patience.minDeltaRel", parseValue(next()));
    else if (a === "--rule") {
      const [name, mode] = next().split("=");
      setPath(config, `${name}.mode`, mode);
    } else if (a === "--set") {
      const v = next();
      const eq = v.indexOf("=");
      if (eq < 0) throw new Error(`--set expects RULE.PARAM=VALUE, got "${v}"`);
      setPath(config, v.slice(0, eq), parseValue(v.slice(eq + 1)));
    } else if (a === "--config") {
      const text = await readFile(next(), "utf8");
      // Loaded only when asked for: importing yaml costs ~0.3 s of the hook's time budget.
      const { parse } = await import("yaml");
      const loaded: unknown = parse(text);
      if (loaded === null || typeof loaded !== "object") throw new Error("--config: expected a mapping of rule settings");
      config = { ...(loaded as TObj), ...config };
    } else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else if (file === null) file = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return { file, json, labels, useState, config };
}

/**
 * A finished log: an unterminated last line is complete, not partial; the run's trainer_state.json
 * (beside it or in a checkpoint-N/) completes what the jsonl lost (a truncated file, DPO accuracies).
 */
async function readLog(file: string, buf: Buffer, useState: boolean) {
  if (buf.length > 0 && buf[buf.length - 1] !== 10) buf = Buffer.concat([buf, Buffer.from("\n")]);
  const r = parseTrainerLog(buf, 0, initialParserState());
  if (!useState) return { ...r, stateNote: null };
  const st = await withTrainerState(file, r.points, buf.length);
  const note = !st.summary ? null : "error" in st.summary ? `${st.summary.file}: ${st.summary.error}`
    : st.summary.addedPoints > 0 ? `${st.summary.addedPoints} point(s) after the log's end taken from ${st.summary.file}` : null;
  return { ...r, points: st.points, stateNote: note };
}

async function findLogs(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (e.isFile() && e.name === "trainer_log.jsonl") out.push(join(d, e.name));
    }
  };
  await walk(dir);
  return out;
}

/** Scores every trainer_log.jsonl under `dir` against `labels` (keyed by the log's folder, relative to dir or its name). */
export async function scoreDir(dir: string, labels: TLabelsFile, config: TRulesConfig, useState = true): Promise<TScoreRow[]> {
  const rows: TScoreRow[] = [];
  const seen = new Set<string>();
  for (const file of await findLogs(dir)) {
    const rel = relative(dir, dirname(file)).split(sep).join("/") || basename(dirname(file));
    const key = labels[rel] ? rel : labels[basename(dirname(file))] ? basename(dirname(file)) : null;
    if (key) seen.add(key);
    const label = key ? labels[key]! : null;
    try {
      const r = backtestPoints((await readLog(file, await readFile(file), useState)).points, config);
      const result = { stopped: r.stopped, stopStep: r.stopStep, verdict: r.verdict, bestStep: r.bestStep, rule: r.rule, reason: r.reason };
      rows.push({ name: key ?? rel, label, result, score: label ? scoreAgainstLabel(label, result) : null, error: null });
    } catch (e) {
      rows.push({ name: key ?? rel, label, result: null, score: label ? { right: false, problems: ["unreadable"], missedStop: label.stop, falseStop: false, requiredStop: label.stop } : null,
        error: e instanceof Error ? e.message : String(e) });
    }
  }
  // A labelled run whose log is missing cannot be right.
  for (const [name, label] of Object.entries(labels)) {
    if (seen.has(name)) continue;
    rows.push({ name, label, result: null, score: { right: false, problems: ["no trainer_log.jsonl found"], missedStop: label.stop, falseStop: false, requiredStop: label.stop },
      error: "no trainer_log.jsonl found" });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

async function runScoring(dir: string, labelsFile: string, json: boolean, config: TRulesConfig, useState: boolean): Promise<number> {
  let labels: TLabelsFile;
  try {
    const parsed = ZLabelsFile.safeParse(JSON.parse(await readFile(labelsFile, "utf8")));
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `${i.path.join(".") || "labels"}: ${i.message}`).join("; ");
      process.stderr.write(`invalid labels file ${labelsFile}: ${msg}\n`);
      return 2;
    }
    labels = parsed.data;
  } catch (e) {
    process.stderr.write(`cannot read labels ${labelsFile}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const rows = await scoreDir(dir, labels, config, useState);
  process.stdout.write(`${formatScoreTable(rows)}\n`);
  const t = scoreTotals(rows);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...t, rows: rows.map((r) => ({ name: r.name, right: r.score?.right ?? null, problems: r.score?.problems ?? [],
      verdict: r.result?.verdict ?? null, stopStep: r.result?.stopStep ?? null, bestStep: r.result?.bestStep ?? null, error: r.error })) })}\n`);
  }
  return t.right === t.scored ? 0 : 1;
}

export async function run(argv: string[]): Promise<number> {
  let opts: Awaited<ReturnType<typeof buildConfig>>;
  try {
    opts = await buildConfig(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (!opts.file) { process.stderr.write(USAGE); return 2; }
  const parsedConfig = ZRulesConfig.strict().safeParse(opts.config);
  if (!parsedConfig.success) {
    const msg = parsedConfig.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    process.stderr.write(`invalid rule settings: ${msg}\n`);
    return 2;
  }
  const isDir = await stat(opts.file).then((st) => st.isDirectory(), () => false);
  if (opts.labels !== null || isDir) {
    if (!isDir || opts.labels === null) { process.stderr.write(`--labels goes with a directory of logs\n${USAGE}`); return 2; }
    return runScoring(opts.file, opts.labels, opts.json, parsedConfig.data, opts.useState);
  }
  let buf: Buffer;
  try {
    buf = await readFile(opts.file);
  } catch (e) {
    process.stderr.write(`cannot read ${opts.file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const { points, warnings, stateNote } = await readLog(opts.file, buf, opts.useState);
  const r = backtestPoints(points, parsedConfig.data);
  const line = {
    stopped: r.stopped, stopStep: r.stopStep, bestStep: r.bestStep, bestEvalLoss: r.bestEvalLoss,
    verdict: r.verdict, rule: r.rule, reason: r.reason, advice: r.advice, stepsSaved: r.stepsSaved,
  };
  if (!opts.json) {
    const keptVsMin = r.bestEvalLoss !== null && r.trueMinEvalLoss !== null
      ? ` (run's true minimum ${r.trueMinEvalLoss.toPrecision(5)} at step ${r.trueMinEvalStep}, ` +
        `${(((r.bestEvalLoss / r.trueMinEvalLoss) - 1) * 100).toFixed(1)}% above)` : "";
    const out = [
      opts.file,
      `  verdict     ${r.verdict}`,
      `  stop        ${r.stopped ? `step ${r.stopStep} by ${r.rule} (saves ${r.stepsSaved} of ${r.totalSteps ?? "?"} steps)` : "never"}`,
      `  best        ${r.bestStep === null ? "-" : `step ${r.bestStep}`}${r.bestEvalLoss === null ? "" : `, eval loss ${r.bestEvalLoss.toPrecision(5)}`}${keptVsMin}`,
      `  why         ${r.reason}`,
      ...r.alerts.map((a) => `  alert       step ${a.step} ${a.rule}: ${a.reason}`),
      ...r.advice.map((a) => `  advice      ${a}`),
      ...(warnings.length ? [`  ${warnings.length} warning(s) (malformed or duplicate lines skipped)`] : []),
      ...(stateNote ? [`  state       ${stateNote}`] : []),
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return 0;
}
