import path from "node:path";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { matchGradNorms } from "./match-grad-norms";
import { initialConsoleState, parseConsole, parsePythonDict } from "./parse-console";
import { initialParserState, parseTrainerLog } from "./parse-trainer-log";
import { renderConsoleLines, renderLine } from "./render-console-lines";

const FIXTURES = path.join(import.meta.dirname, "../backtest/testdata/gpu-runs");

describe("parsePythonDict", () => {
  it("reads string, numeric and nan/inf values", () => {
    const d = parsePythonDict("{'loss': '1.308', 'grad_norm': 'nan', 'learning_rate': 4.1e-05, 'epoch': '0.5', 'x': inf, 'flag': True}");
    assert.ok(d);
    assert.equal(d.loss, 1.308);
    assert.ok(Number.isNaN(d.grad_norm));
    assert.equal(d.learning_rate, 4.1e-5);
    assert.equal(d.x, Infinity);
    assert.equal(d.flag, "True");
  });
});

describe("parseConsole", () => {
  it("extracts dicts from \\r-laden tqdm lines, incrementally", () => {
    const text = "\r  0%|   | 0/8 [00:00<?, ?it/s]\r 12%|█  | 1/8\r          \r{'loss': '5.616', 'grad_norm': '12.1', 'learning_rate': '3e-05', 'epoch': '0.00625'}\n" +
      "\x1b[A{'eval_loss': '3.57', 'eval_runtime': '0.24', 'epoch': '0.0625'}\n" +
      "{'train_runtime': '29.1', 'train_loss': '1.5', 'epoch': '1.0'}\n\r 50%|█████ | 4/8";
    const a = parseConsole(text.slice(0, 60), 0, initialConsoleState());
    assert.equal(a.records.length, 0);
    assert.equal(a.consumedBytes, 0);
    const r = parseConsole(text, 0, initialConsoleState());
    assert.deepEqual(r.records.map((x) => x.kind), ["TRAIN", "EVAL", "SUMMARY"]);
    assert.equal(r.records[0]!.gradNorm, 12.1);
    assert.equal(r.records[0]!.loss, 5.616);
    assert.equal(r.records[1]!.evalLoss, 3.57);
    assert.equal(r.records[1]!.line, 1);
    assert.ok(r.consumedBytes < Buffer.byteLength(text)); // trailing progress bar is partial
  });

  it("attaches console grad_norm to the real fixtures' train points, matching trainer_state.json", () => {
    for (const run of ["dev-healthy", "dev-nan"]) {
      const log = parseTrainerLog(readFileSync(`${FIXTURES}/${run}/trainer_log.jsonl`), 0, initialParserState());
      const con = parseConsole(readFileSync(`${FIXTURES}/${run}/console.txt`), 0, initialConsoleState());
      const train = log.points.filter((p) => p.kind === "TRAIN");
      const g = matchGradNorms(train, con.records);
      assert.equal(g.length, train.length);
      assert.ok(g.every((v) => v !== null), `${run}: every train point gets a grad_norm`);
      // Compare with the Trainer's own log_history (full precision).
      const state = JSON.parse(readFileSync(`${FIXTURES}/${run}/trainer_state.json`, "utf8").replace(/\bNaN\b/g, "null")) as
        { log_history: { step: number; grad_norm?: number | null }[] };
      const byStep = new Map(state.log_history.filter((h) => "grad_norm" in h).map((h) => [h.step, h.grad_norm ?? NaN]));
      train.forEach((p, i) => {
        const want = byStep.get(p.step)!;
        const got = g[i]!;
        if (Number.isNaN(want)) assert.ok(Number.isNaN(got), `${run} step ${p.step}`);
        else assert.ok(Math.abs(got - want) <= 1e-3 * Math.abs(want) + 1e-9, `${run} step ${p.step}: ${got} vs ${want}`);
      });
    }
  });

  it("leaves a point without a match null and keeps later matches aligned", () => {
    const rec = (loss: number, g: number) => ({ offset: 0, line: 0, kind: "TRAIN" as const, loss, evalLoss: null, gradNorm: g, lr: null, epoch: null, values: {} });
    const g = matchGradNorms(
      [{ loss: 2, epoch: null }, { loss: 1.9, epoch: null }, { loss: 1.8, epoch: null }],
      [rec(2.0, 10), rec(1.8, 30)],
    );
    assert.deepEqual(g, [10, null, 30]);
  });
});

describe("renderConsoleLines", () => {
  it("shows each line's last visible state, like a terminal", () => {
    assert.equal(renderLine("\r 10%|█ | 1/10\r 20%|██ | 2/10"), " 20%|██ | 2/10");
    assert.equal(renderLine("abcdef\rXY"), "XYcdef");
    assert.equal(renderLine("\x1b[Aloss\x1b[0m"), "loss");
    assert.deepEqual(renderConsoleLines("a\rb\nc\r 50%"), ["b", " 50%"]);
    assert.deepEqual(renderConsoleLines("a\rb\nc\r 50%", false), ["b"]);
  });
});
