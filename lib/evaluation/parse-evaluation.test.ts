// Parsers of LF's evaluation files against real-format fixtures (testdata/README.md says where each is from).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { isScoreKey, parseResultsJson, perDatasetLosses } from "./parse-results-json";
import { parsePredictions } from "./parse-predictions";
import { wordDiff, wordMatch } from "./word-diff";

const td = (f: string) => fs.readFileSync(path.join(import.meta.dirname, "testdata", f), "utf8");

test("predict_results.json: BLEU-4 and ROUGE scores; bookkeeping keys are not scores", () => {
  const r = parseResultsJson(td("predict_results.sunxiaochuan.json"), "predict_results.json");
  assert.deepEqual(r.errors, []);
  assert.equal(r.metrics["predict_bleu-4"], 2.2241416);
  assert.equal(r.metrics["predict_rouge-l"], 10.5493132);
  assert.deepEqual(Object.keys(r.metrics).filter(isScoreKey), ["predict_bleu-4", "predict_rouge-1", "predict_rouge-2", "predict_rouge-l"]);
});

test("eval_results.json: eval_loss of a real run, a bare NaN kept, per-dataset losses and accuracies", () => {
  assert.equal(parseResultsJson(td("eval_results.dev-healthy.json"), "eval_results.json").metrics.eval_loss, 1.9517778158187866);
  assert.ok(Number.isNaN(parseResultsJson(td("all_results.dev-nan.json"), "all_results.json").metrics.eval_loss));
  const per = parseResultsJson(td("eval_results.per-dataset.json"), "eval_results.json");
  assert.deepEqual(perDatasetLosses(per.metrics), { alpaca_en_demo: 1.2043211460113525, identity: 0.3571129739284515 });
  assert.equal(per.metrics.eval_identity_accuracy, 0.912);
});

test("results JSON: a non-number value is named and dropped, a non-object file is refused with its name", () => {
  const r = parseResultsJson('{"predict_bleu-4": "n/a", "predict_rouge-1": 12.5}', "predict_results.json");
  assert.deepEqual(r.metrics, { "predict_rouge-1": 12.5 });
  assert.match(r.errors[0]!, /^predict_results\.json: predict_bleu-4: expected a number/);
  assert.throws(() => parseResultsJson("[1,2]", "eval_results.json"), /eval_results\.json: expected a JSON object/);
  assert.throws(() => parseResultsJson("{", "eval_results.json"), /eval_results\.json: invalid JSON/);
});

test("generated_predictions.jsonl: current prompt/predict/label rows, non-ASCII intact", () => {
  const p = parsePredictions(td("generated_predictions.current.jsonl"), { maxRows: 100, maxField: 10_000, complete: true });
  assert.equal(p.lines, 3);
  assert.deepEqual(p.errors, []);
  assert.match(p.rows[0]!.prompt, /^<\|im_start\|>system/);
  assert.equal(p.rows[1]!.predict, "北京是中国的首都。");
});

test("generated_predictions.jsonl: LF 2023 rows without a prompt; bounds on rows and field length", () => {
  const p = parsePredictions(td("generated_predictions.2023-label-predict.jsonl"), { maxRows: 5, maxField: 20, complete: true });
  assert.equal(p.lines, 8);
  assert.equal(p.rows.length, 5);
  assert.equal(p.rows[0]!.prompt, "");
  assert.equal(p.rows[0]!.label.length, 20);
  assert.equal(p.rows[0]!.cut, true);
  assert.equal(p.rows[3]!.label, "\n");
});

test("generated_predictions.jsonl: bad lines are named by number and skipped; a cut last line waits", () => {
  const text = td("generated_predictions.bad-lines.jsonl");
  const partial = parsePredictions(text, { maxRows: 100, maxField: 1000, complete: false });
  assert.deepEqual(partial.rows.map((r) => r.idx), [0, 3]);
  assert.deepEqual(partial.errors.map((e) => e.line), [2, 3]);
  assert.match(partial.errors[0]!.message, /^predict: expected a string/);
  assert.match(partial.errors[1]!.message, /^invalid JSON/);
  assert.equal(partial.lines, 4);
  // Read to the end, the truncated last line is a bad line too.
  const whole = parsePredictions(text, { maxRows: 100, maxField: 1000, complete: true });
  assert.deepEqual(whole.errors.map((e) => e.line), [2, 3, 5]);
});

test("word diff: rejoins to both texts; missed and added words; match share", () => {
  const label = "1. Eat a balanced and nutritious diet. 2. Exercise regularly.";
  const pred = "1. Eat a balanced diet. 2. Exercise daily.";
  const ops = wordDiff(label, pred);
  assert.equal(ops.filter((o) => o.op !== "add").map((o) => o.text).join(""), label);
  assert.equal(ops.filter((o) => o.op !== "del").map((o) => o.text).join(""), pred);
  assert.ok(ops.some((o) => o.op === "del" && o.text.includes("nutritious")));
  assert.ok(ops.some((o) => o.op === "add" && o.text.includes("daily.")));
  assert.ok(wordMatch(ops) > 0.6 && wordMatch(ops) < 1);
  assert.deepEqual(wordDiff("same text", "same text"), [{ op: "same", text: "same text" }]);
  const long = "w ".repeat(2000);
  assert.deepEqual(wordDiff(long, "x").map((o) => o.op), ["del", "add"]);
});
