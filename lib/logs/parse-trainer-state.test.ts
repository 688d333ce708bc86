import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { initialParserState, parseTrainerLog } from "./parse-trainer-log";
import { mergeTrainerState, parseTrainerState } from "./parse-trainer-state";

const T = join(import.meta.dirname, "testdata");

describe("trainer_state.json", () => {
  it("completes a truncated jsonl from the run's state: the points after its end, grad norms on every train point", () => {
    const log = readFileSync(join(T, "truncated/trainer_log.jsonl"));
    const r = parseTrainerLog(log, 0, initialParserState());
    assert.equal(r.state.lastStep, 300);
    const st = parseTrainerState(readFileSync(join(T, "truncated/trainer_state.json"), "utf8"));
    assert.deepEqual([st.globalStep, st.maxSteps, st.skipped], [750, 750, 0]);
    const m = mergeTrainerState(r.points, st, log.length);
    assert.equal(m.added, 45, "steps 310..750");
    assert.equal(m.points.at(-1)!.step, 750);
    assert.equal(m.points.at(-1)!.loss, 0.7186);
    assert.ok(m.points.slice(30).every((p, i) => p.offset === log.length + i && p.kind === "TRAIN" && p.segment === 0));
    assert.ok(m.points.filter((p) => p.kind === "TRAIN").every((p) => p.gradNorm !== null));
    assert.equal(m.points[0]!.gradNorm, 0.3562275171279907);
    // A state that is behind the log (an older checkpoint) adds nothing.
    const behind = mergeTrainerState(m.points, { ...st, entries: st.entries.slice(0, 10) }, log.length + 45);
    assert.equal(behind.added, 0);
  });

  it("reads DPO rewards/logps, eval accuracy and per-dataset eval loss, NaN grad norms included", () => {
    const st = parseTrainerState(readFileSync(join(T, "dpo-trainer-state.json"), "utf8"));
    assert.deepEqual(st.entries.map((e) => e.kind), ["TRAIN", "TRAIN", "EVAL"]);
    assert.equal(st.entries[0]!.accuracy, 0.5);
    assert.ok(Number.isNaN(st.entries[1]!.gradNorm));
    const m = mergeTrainerState([], st, 0);
    assert.equal(m.added, 3);
    assert.deepEqual(m.extraMetrics, ["eval_alpaca_loss", "eval_rewards/accuracies", "logits/chosen", "logits/rejected", "logps/chosen",
      "logps/rejected", "rewards/accuracies", "rewards/chosen", "rewards/margins", "rewards/rejected"]);
  });

  it("a file that is not a trainer state is refused with the reason", () => {
    assert.throws(() => parseTrainerState("{"), /trainer_state\.json: invalid JSON/);
    assert.throws(() => parseTrainerState('{"log_history": 3}'), /log_history/);
    assert.equal(parseTrainerState('{"global_step": 0, "log_history": [{"loss": 1}]}').skipped, 1, "an entry without a step is skipped");
  });
});
