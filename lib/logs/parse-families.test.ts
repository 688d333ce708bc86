// One test per real log family (testdata/README.md says where each file's lines come from).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { initialParserState, parseTrainerLog } from "./parse-trainer-log";

const file = (name: string) => readFileSync(join(import.meta.dirname, "testdata", name));
const parse = (name: string) => parseTrainerLog(file(name), 0, initialParserState());

describe("log families", () => {
  it("2023-24 all-keys-null lines: learning_rate read, nulls are absent values, the all-null end line is a summary", () => {
    const r = parse("old-null-format.jsonl");
    assert.deepEqual(r.warnings, []);
    assert.equal(r.points.length, 6);
    assert.ok(r.points.every((p) => p.kind === "TRAIN" && p.evalLoss === null && p.reward === null && p.accuracy === null));
    assert.equal(r.points[0]!.lr, 4.999852581660493e-05);
    assert.equal(r.points.at(-1)!.step, 60);
    assert.equal(r.state.totalSteps, 2025);
    const end = parse("old-null-format-end.jsonl");
    assert.deepEqual(end.points.map((p) => p.kind), ["TRAIN", "TRAIN", "TRAIN", "TRAIN", "SUMMARY"]);
    assert.equal(end.points[1]!.epoch, 0.01, "2-dp epochs kept as logged");
    assert.deepEqual([end.points.at(-1)!.step, end.points.at(-1)!.lr, end.points.at(-1)!.loss], [2088, null, null]);
  });

  it("mid-2024: throughput \"0.00\" and total_tokens 0 are placeholders, not a measured zero", () => {
    const r = parse("mid2024-throughput-string.jsonl");
    assert.deepEqual(r.warnings, []);
    assert.ok(r.points.every((p) => p.throughput === null && p.totalTokens === null));
    assert.deepEqual(r.points.map((p) => p.kind), ["TRAIN", "TRAIN", "TRAIN", "TRAIN", "SUMMARY"]);
    assert.equal(r.points[3]!.lr, 0);
    assert.equal(r.points.at(-1)!.step, 8660);
    assert.equal(r.state.segment, 0, "the summary line repeating step 8660 is no resume");
  });

  it("current format with a real float throughput and total_tokens", () => {
    const r = parse("summary-only.jsonl");
    assert.equal(r.points[0]!.throughput, 4129.18);
    assert.equal(r.points[0]!.totalTokens, 24689312);
  });

  it("USE_V1=1 schema: step, learning_rate, grad_norm, integer epoch", () => {
    const r = parse("v1-schema.jsonl");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.points.map((p) => [p.kind, p.step, p.epoch, p.lr, p.gradNorm]), [
      ["TRAIN", 10, 0, 9.5e-05, 3.1875], ["TRAIN", 20, 0, 8.1e-05, 2.0625], ["TRAIN", 30, 1, 6.2e-05, 1.7344]]);
    assert.equal(r.state.totalSteps, 60);
  });

  it("a final eval logged with eval-loop counters (3/3 after 39/39) belongs to the last training step", () => {
    const r = parse("final-eval-loop-counter.jsonl");
    assert.deepEqual(r.warnings, []);
    const ev = r.points.filter((p) => p.kind === "EVAL");
    assert.equal(ev.length, 1);
    assert.deepEqual([ev[0]!.step, ev[0]!.totalSteps, ev[0]!.evalLoss], [39, 39, 1.3414136171340942]);
    assert.equal(r.state.segment, 0, "not a resume");
    assert.deepEqual([r.state.lastStep, r.state.totalSteps], [39, 39]);
    assert.ok(r.points.every((p) => p.totalSteps === 39));
  });

  it("two writers of one file: one segment, one point per step, one warning", () => {
    const r = parse("two-writers.jsonl");
    assert.equal(r.state.segment, 0);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!.message, /second writer/);
    assert.equal(r.state.duplicates, 45);
    const train = r.points.filter((p) => p.kind === "TRAIN").map((p) => p.step);
    assert.deepEqual(train, [...new Set(train)].sort((a, b) => a - b));
    assert.equal(train.length, 43);
    assert.deepEqual(r.points.filter((p) => p.kind === "EVAL").map((p) => p.step), [100, 200]);
    // Fed in small polls the answer is the same (state carries over).
    const buf = file("two-writers.jsonl");
    let st = initialParserState();
    let off = 0;
    const pts = [];
    while (off < buf.length) {
      const chunk = buf.subarray(off, Math.min(buf.length, off + 700));
      const p = parseTrainerLog(chunk, off, st);
      if (p.consumedBytes === 0) { const rest = parseTrainerLog(buf.subarray(off), off, st); pts.push(...rest.points); break; }
      pts.push(...p.points); st = p.state; off += p.consumedBytes;
    }
    assert.deepEqual(pts.map((p) => p.offset), r.points.map((p) => p.offset));
  });

  it("a real resume (elapsed_time restarts) opens a segment, and the resumed lines are kept", () => {
    const r = parse("resume-elapsed-reset.jsonl");
    assert.deepEqual(r.warnings, []);
    assert.equal(r.state.segment, 1);
    const seg1 = r.points.filter((p) => p.segment === 1).map((p) => p.step);
    assert.deepEqual(seg1, [60, 70, 80, 90, 100]);
    assert.equal(r.state.lastStep, 100);
  });

  it("predict-only and summary-only logs have no train or eval point", () => {
    for (const f of ["predict-only.jsonl", "summary-only.jsonl"]) {
      const r = parse(f);
      assert.deepEqual(r.warnings, []);
      assert.ok(r.points.length > 0);
      assert.ok(r.points.every((p) => p.kind === "SUMMARY" && p.loss === null && p.evalLoss === null && p.lr === null), f);
    }
  });

  it("PPO reward and DPO accuracy are read", () => {
    assert.deepEqual(parse("ppo-reward-2023.jsonl").points.map((p) => p.reward), [-2.6023, -2.7515, -2.7838]);
    assert.deepEqual(parse("dpo-accuracy.jsonl").points.map((p) => p.accuracy), [1.0, 1.0, 0.25]);
  });

  it("HF's NaN filter: the 0.0 losses and the NaN evals are kept as logged", () => {
    const r = parse("nan-filter-zero.jsonl");
    assert.equal(r.points[0]!.loss, 865.1177734375);
    assert.equal(r.points[1]!.loss, 0);
    assert.ok(r.points.filter((p) => p.kind === "EVAL").every((p) => Number.isNaN(p.evalLoss)));
  });
});

describe("eval-loop lines without a total", () => {
  it("a final eval whose counter went backwards on a running clock belongs to the last step (not a resume)", () => {
    const lines = file("final-eval-loop-counter.jsonl").toString().split("\n").filter(Boolean);
    const last = lines.at(-1)!.replace('"total_steps": 3, ', "");
    const r = parseTrainerLog(`${lines.slice(0, -1).join("\n")}\n${last}\n`, 0, initialParserState());
    assert.equal(r.state.segment, 0);
    assert.deepEqual(r.points.filter((p) => p.kind === "EVAL").map((p) => [p.step, p.totalSteps]), [[39, 39]]);
  });
});
