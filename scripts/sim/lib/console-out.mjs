// Console output as a real run prints it: LF logger lines on stdout, transformers logger lines and
// tqdm bars (carriage returns) on stderr, Trainer dict lines on stdout; running_log.txt in webui mode.
import fs from "node:fs";
import path from "node:path";
import { nowStamp } from "./py-format.mjs";

export class Console {
  constructor({ rank = 0, runningLog = null } = {}) {
    this.rank = rank;
    this.runningLog = runningLog;
    this.barShown = false;
    this.barText = "";
  }

  _running(level, file, line, msg) {
    if (!this.runningLog) return;
    fs.appendFileSync(this.runningLog, `[${level}|${nowStamp()}] ${file}:${line} >> ${msg}\n`);
  }

  _out(stream, text) {
    if (this.barShown) { stream.write(`\r${" ".repeat(this.barText.length)}\r`); }
    stream.write(text);
    if (this.barShown) process.stderr.write(this.barText);
  }

  /** LF logger: "[INFO|2026-01-01 12:00:00] llamafactory.data.loader:143 >> msg" on stdout (rank 0 only). */
  lf(module, line, msg, level = "INFO", allRanks = false) {
    if (this.rank !== 0 && !allRanks) return;
    this._out(process.stdout, `[${level}|${nowStamp()}] ${module}:${line} >> ${msg}\n`);
    this._running(level, `${module.split(".").pop()}.py`, line, msg);
  }

  /** transformers logger with explicit format: "[INFO|trainer.py:2409] 2026-01-01 12:00:00,123 >> msg" on stderr. */
  hf(file, line, msg, level = "INFO") {
    if (this.rank !== 0) return;
    const ms = String(new Date().getMilliseconds()).padStart(3, "0");
    this._out(process.stderr, `[${level}|${file}:${line}] ${nowStamp()},${ms} >> ${msg}\n`);
    this._running(level, file, line, msg);
  }

  print(text) {
    if (this.rank !== 0) return;
    this._out(process.stdout, `${text}\n`);
  }

  /** tqdm redraw (mininterval is applied by the caller). */
  bar(n, total, elapsedS) {
    if (this.rank !== 0) return;
    this.barText = tqdmLine(n, total, elapsedS);
    this.barShown = true;
    process.stderr.write(`\r${this.barText}`);
  }

  endBar() {
    if (this.rank !== 0 || !this.barShown) return;
    process.stderr.write("\n");
    this.barShown = false;
  }

  /** The nested eval bar tqdm prints during evaluation (cursor-up escapes included). */
  evalBar(batches, seconds) {
    if (this.rank !== 0) return;
    const rate = batches / Math.max(seconds, 1e-3);
    process.stderr.write(`\n\r${tqdmLine(0, batches, 0)}\x1b[A`);
    process.stderr.write(`\r\n\r${tqdmLine(batches, batches, seconds, rate)}\x1b[A\r${" ".repeat(this.barText.length)}\r\n\r${" ".repeat(45)}\r\x1b[A`);
  }
}

const BLOCKS = " ▏▎▍▌▋▊▉█";
function fmtT(s) {
  s = Math.max(0, Math.round(s));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = `${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
  return h ? `${h}:${mm}` : mm;
}

export function tqdmLine(n, total, elapsedS, rateArg) {
  const frac = total ? n / total : 0;
  const pct = `${String(Math.round(frac * 100)).padStart(3, " ")}%`;
  const cells = frac * 10;
  const full = Math.floor(cells);
  let bar = "█".repeat(full);
  if (full < 10) bar += BLOCKS[Math.floor((cells - full) * 8)] + " ".repeat(9 - full);
  if (n === 0 || elapsedS <= 0) return `${pct}|${bar}| ${n}/${total} [00:00<?, ?it/s]`;
  const rate = rateArg ?? n / elapsedS;
  const remaining = rate > 0 ? (total - n) / rate : 0;
  const rateStr = rate >= 1 ? `${rate.toFixed(2).padStart(5, " ")}it/s` : `${(1 / rate).toFixed(2).padStart(5, " ")}s/it`;
  return `${pct}|${bar}| ${n}/${total} [${fmtT(elapsedS)}<${fmtT(remaining)}, ${rateStr}]`;
}

/** LoggerHandler: deletes running_log.txt at start; fails like LF when LLAMABOARD_WORKDIR is missing. */
export function openRunningLog(env) {
  if (!/^(true|y|1)$/i.test(env.LLAMABOARD_ENABLED ?? "")) return null;
  if (!env.LLAMABOARD_WORKDIR) return { error: true };
  fs.mkdirSync(env.LLAMABOARD_WORKDIR, { recursive: true });
  const p = path.join(env.LLAMABOARD_WORKDIR, "running_log.txt");
  fs.rmSync(p, { force: true });
  return p;
}
