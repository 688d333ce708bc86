// `cli backtest FILE [--json] [--patience N] [--min-delta X] [--min-delta-rel X] [--rule NAME=off|alert|stop]
//   [--set RULE.PARAM=VALUE] [--config rules.json|yaml]`: the default rules over a trainer_log.jsonl as if
// live. The LAST stdout line is always the JSON result (scripts and hooks read it).
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { backtestPoints } from "@/lib/rules/backtest-points";
import { ZRulesConfig } from "@/lib/rules/config";

const USAGE = "usage: cli backtest FILE [--json] [--patience N] [--min-delta X] [--min-delta-rel X] " +
  "[--rule NAME=off|alert|stop] [--set RULE.PARAM=VALUE] [--config FILE]\n";

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

async function buildConfig(args: string[]): Promise<{ file: string | null; json: boolean; config: TObj }> {
  let config: TObj = {};
  let file: string | null = null;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--json") json = true;
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
  return { file, json, config };
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
  let buf: Buffer;
  try {
    buf = await readFile(opts.file);
  } catch (e) {
    process.stderr.write(`cannot read ${opts.file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (buf.length > 0 && buf[buf.length - 1] !== 10) buf = Buffer.concat([buf, Buffer.from("\n")]);
  const { points, warnings } = parseTrainerLog(buf, 0, initialParserState());
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
      ...(warnings.length ? [`  ${warnings.length} malformed line(s) skipped`] : []),
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return 0;
}
