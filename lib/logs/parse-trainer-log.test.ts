import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDuration } from "./parse-duration";
import { parseRelaxedJson } from "./parse-relaxed-json";
import { initialParserState, parseTrainerLog } from "./parse-trainer-log";

const train = (step: number, extra = "") =>
  `{"current_steps": ${step}, "total_steps": 100, "loss": 1.5, "lr": 1e-4, "epoch": 0.1, "percentage": 5.0, "elapsed_time": "0:00:10", "remaining_time": "0:03:00"${extra}}\n`;

describe("parseRelaxedJson", () => {
  it("keeps bare NaN / Infinity / -Infinity as numbers, but not inside strings", () => {
    const v = parseRelaxedJson('{"a": NaN, "b": Infinity, "c": -Infinity, "s": "NaN Infinity", "d": [NaN]}') as Record<string, unknown>;
    assert.ok(Number.isNaN(v.a));
    assert.equal(v.b, Infinity);
    assert.equal(v.c, -Infinity);
    assert.equal(v.s, "NaN Infinity");
    assert.ok(Number.isNaN((v.d as number[])[0]));
  });
  it("still rejects broken JSON", () => {
    assert.throws(() => parseRelaxedJson('{"a": NaNx}'));
    assert.throws(() => parseRelaxedJson('{"a": 1'));
  });
});

describe("parseDuration", () => {
  it("reads H:MM:SS and the day forms", () => {
    assert.equal(parseDuration("0:01:23"), 83);
    assert.equal(parseDuration("12:05:09"), 12 * 3600 + 5 * 60 + 9);
    assert.equal(parseDuration("1 day, 2:03:04"), 86400 + 2 * 3600 + 3 * 60 + 4);
    assert.equal(parseDuration("2 days, 0:00:01"), 2 * 86400 + 1);
    assert.equal(parseDuration("-1 day, 23:59:59"), -1);
    assert.equal(parseDuration("soon"), null);
  });
});

describe("parseTrainerLog", () => {
  it("classifies train / eval / summary lines and reads every field", () => {
    const text = train(10, ', "throughput": 3021.57, "total_tokens": 247808') +
      '{"current_steps": 10, "total_steps": 100, "eval_loss": 1.33, "epoch": 0.1, "percentage": 10.0, "elapsed_time": "1 day, 0:00:02", "remaining_time": "0:00:00"}\n' +
      '{"current_steps": 100, "total_steps": 100, "epoch": 1.0, "percentage": 100.0, "elapsed_time": "0:25:40", "remaining_time": "0:00:00"}\n';
    const r = parseTrainerLog(text, 0, initialParserState());
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.points.map((p) => p.kind), ["TRAIN", "EVAL", "SUMMARY"]);
    const [t, e, s] = r.points;
    assert.equal(t!.loss, 1.5); assert.equal(t!.lr, 1e-4); assert.equal(t!.throughput, 3021.57);
    assert.equal(t!.totalTokens, 247808); assert.equal(t!.elapsedS, 10); assert.equal(t!.remainingS, 180);
    assert.equal(e!.evalLoss, 1.33); assert.equal(e!.elapsedS, 86402); assert.equal(e!.loss, null);
    assert.equal(s!.step, 100); assert.equal(s!.loss, null); assert.equal(s!.evalLoss, null);
    assert.equal(r.consumedBytes, Buffer.byteLength(text));
    assert.deepEqual({ segment: r.state.segment, lastStep: r.state.lastStep, nextLine: r.state.nextLine, totalSteps: r.state.totalSteps },
      { segment: 0, lastStep: 100, nextLine: 3, totalSteps: 100 });
  });

  it("accepts the old learning_rate key and a string throughput", () => {
    const r = parseTrainerLog('{"current_steps": 5, "total_steps": 10, "loss": 2.0, "learning_rate": 5e-5, "throughput": "1234.50"}\n', 0, initialParserState());
    assert.equal(r.points[0]!.lr, 5e-5);
    assert.equal(r.points[0]!.throughput, 1234.5);
  });

  it("keeps NaN / Infinity values as non-finite numbers", () => {
    const r = parseTrainerLog(
      '{"current_steps": 25, "total_steps": 250, "eval_loss": NaN, "epoch": 0.1}\n{"current_steps": 30, "total_steps": 250, "loss": Infinity, "lr": 3.0}\n{"current_steps": 35, "total_steps": 250, "loss": -Infinity}\n',
      0, initialParserState());
    assert.equal(r.points.length, 3);
    assert.equal(r.points[0]!.kind, "EVAL");
    assert.ok(Number.isNaN(r.points[0]!.evalLoss));
    assert.equal(r.points[1]!.loss, Infinity);
    assert.equal(r.points[2]!.loss, -Infinity);
  });

  it("parses only complete lines and resumes from the partial one", () => {
    const all = train(5) + train(10) + train(15);
    const cut = all.length - 20;
    const a = parseTrainerLog(all.slice(0, cut), 0, initialParserState());
    assert.equal(a.points.length, 2);
    assert.equal(a.consumedBytes, Buffer.byteLength(train(5) + train(10)));
    const b = parseTrainerLog(all.slice(a.consumedBytes), a.consumedBytes, a.state);
    assert.equal(b.points.length, 1);
    assert.equal(b.points[0]!.step, 15);
    assert.equal(b.points[0]!.offset, a.consumedBytes);
    assert.equal(b.points[0]!.line, 2);
  });

  it("uses byte offsets, not character offsets, with multi-byte UTF-8", () => {
    const l1 = '{"current_steps": 1, "total_steps": 9, "loss": 1.0, "note": "日本語 ✓ 🚀"}\n';
    const l2 = train(2);
    const buf = Buffer.from(l1 + l2, "utf8");
    const r = parseTrainerLog(buf, 1000, initialParserState());
    assert.equal(r.points[1]!.offset, 1000 + Buffer.byteLength(l1));
    assert.notEqual(Buffer.byteLength(l1), l1.length);
    // A chunk cut in the middle of a multi-byte character: nothing is lost or garbled.
    const cut = Buffer.byteLength('{"current_steps": 1, "total_steps": 9, "loss": 1.0, "note": "日') - 1;
    const a = parseTrainerLog(buf.subarray(0, cut), 0, initialParserState());
    assert.equal(a.points.length, 0);
    assert.equal(a.consumedBytes, 0);
    const b = parseTrainerLog(buf.subarray(a.consumedBytes), 0, a.state);
    assert.equal(b.points.length, 2);
  });

  it("turns a decrease in current_steps with elapsed_time reset into a new segment (resume)", () => {
    // A resume restarts LLaMA-Factory's clock; the old rule (any decrease) still holds for untimed lines.
    const at = (step: number, s: number) => train(step).replace('"0:00:10"', `"0:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}"`);
    const text = at(10, 20) + at(20, 40) + at(30, 60) + at(20, 5) + at(30, 25) + at(40, 45);
    const r = parseTrainerLog(text, 0, initialParserState());
    assert.deepEqual(r.points.map((p) => p.segment), [0, 0, 0, 1, 1, 1]);
    assert.deepEqual(r.warnings, []);
    // The segment carries over between polls.
    const more = parseTrainerLog(at(10, 3), 0, r.state);
    assert.equal(more.points[0]!.segment, 2);
    const untimed = (step: number) => `{"current_steps": ${step}, "total_steps": 100, "loss": 1.5}\n`;
    const u = parseTrainerLog(untimed(10) + untimed(20) + untimed(10), 0, initialParserState());
    assert.deepEqual(u.points.map((p) => p.segment), [0, 0, 1]);
  });

  it("records a malformed line as a warning with its byte offset and keeps going", () => {
    const bad1 = '{"current_steps": 6, "loss": 1.0\n';
    const bad2 = '{"total_steps": 10, "loss": 1.0}\n';
    const bad3 = '{"current_steps": "seven", "loss": 1.0}\n';
    const bad4 = '[1, 2]\n';
    const text = train(5) + bad1 + "\n   \n" + bad2 + bad3 + bad4 + train(10);
    const r = parseTrainerLog(text, 0, initialParserState());
    assert.deepEqual(r.points.map((p) => p.step), [5, 10]);
    assert.equal(r.warnings.length, 4);
    assert.equal(r.warnings[0]!.offset, Buffer.byteLength(train(5)));
    assert.equal(r.warnings[0]!.line, 1);
    assert.match(r.warnings[0]!.message, /invalid JSON/);
    assert.match(r.warnings[1]!.message, /current_steps/);
    assert.match(r.warnings[2]!.message, /current_steps/);
    assert.match(r.warnings[3]!.message, /object/);
    assert.equal(r.points[1]!.line, 7); // empty lines still count as file lines
  });

  it("warns about an unreadable time but keeps the point", () => {
    const r = parseTrainerLog('{"current_steps": 5, "total_steps": 10, "loss": 1.0, "elapsed_time": "later"}\n', 0, initialParserState());
    assert.equal(r.points.length, 1);
    assert.equal(r.points[0]!.elapsedS, null);
    assert.match(r.warnings[0]!.message, /elapsed_time/);
  });

  it("handles CRLF line ends", () => {
    const r = parseTrainerLog(train(5).replace("\n", "\r\n"), 0, initialParserState());
    assert.equal(r.points.length, 1);
    assert.deepEqual(r.warnings, []);
  });

  it("reads the USE_V1 schema (step, learning_rate, grad_norm)", () => {
    const r = parseTrainerLog('{"epoch": 0, "step": 10, "loss": 2.5, "grad_norm": 0.8, "learning_rate": 1e-5, "total_steps": 50}\n', 0, initialParserState());
    const p = r.points[0]!;
    assert.equal(p.kind, "TRAIN"); assert.equal(p.step, 10); assert.equal(p.gradNorm, 0.8);
    assert.equal(p.lr, 1e-5); assert.equal(p.totalSteps, 50);
  });

  it("parses 100k lines quickly", () => {
    const lines: string[] = [];
    for (let i = 1; i <= 100_000; i++) lines.push(train(i).trimEnd());
    const buf = Buffer.from(`${lines.join("\n")}\n`);
    const t0 = performance.now();
    const r = parseTrainerLog(buf, 0, initialParserState());
    const ms = performance.now() - t0;
    assert.equal(r.points.length, 100_000);
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  });
});
