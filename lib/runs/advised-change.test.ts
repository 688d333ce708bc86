import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { advisedChanges } from "./advised-change";

const base = { learning_rate: "2.0e-4", num_train_epochs: 3.0, gradient_accumulation_steps: 4, finetuning_type: "lora", lora_rank: 8 };

describe("advisedChanges", () => {
  it("failed → lr ÷10; diverged → lr ÷3; stalled → lr ×10 (from the run's own lr)", () => {
    assert.deepEqual(advisedChanges({ verdict: "failed", config: base, bestStep: null, totalSteps: 100 }).map((c) => c.set), [{ learning_rate: 2e-5 }]);
    assert.deepEqual(advisedChanges({ verdict: "diverged", config: base, bestStep: 40, totalSteps: 100 }).map((c) => c.set), [{ learning_rate: 6.67e-5 }]);
    assert.deepEqual(advisedChanges({ verdict: "stalled", config: { learning_rate: 1e-7 }, bestStep: null, totalSteps: 100 }).map((c) => c.set), [{ learning_rate: 1e-6 }]);
    assert.equal(advisedChanges({ verdict: "diverged", config: base, bestStep: 40, totalSteps: 100 })[0]!.label, "Lower the learning rate 3×: learning_rate 0.0002 → 0.0000667");
  });
  it("underfitting → twice the epochs (or max_steps), or twice the effective batch", () => {
    assert.deepEqual(advisedChanges({ verdict: "underfitting", config: base, bestStep: 100, totalSteps: 100 }).map((c) => [c.id, c.set]),
      [["more-epochs", { num_train_epochs: 6 }], ["bigger-batch", { gradient_accumulation_steps: 8 }]]);
    assert.deepEqual(advisedChanges({ verdict: "underfitting", config: { ...base, max_steps: 500 }, bestStep: 500, totalSteps: 500 })[0]!.set, { max_steps: 1000 });
  });
  it("overfitting → the epochs it took to reach the best step, or a doubled lora_rank", () => {
    assert.deepEqual(advisedChanges({ verdict: "overfitting", config: base, bestStep: 275, totalSteps: 900 }).map((c) => [c.id, c.set]),
      [["fewer-epochs", { num_train_epochs: 1 }], ["higher-rank", { lora_rank: 16 }]]);
    // lora_rank unset: LF's default 8.
    assert.deepEqual(advisedChanges({ verdict: "overfitting", config: { num_train_epochs: 2 }, bestStep: 10, totalSteps: 100 }).map((c) => c.set),
      [{ num_train_epochs: 0.2 }, { lora_rank: 16 }]);
    assert.deepEqual(advisedChanges({ verdict: "overfitting", config: { ...base, finetuning_type: "full" }, bestStep: 275, totalSteps: 900 }).map((c) => c.id), ["fewer-epochs"]);
  });
  it("nothing to try for healthy verdicts", () => {
    for (const v of ["converged", "learning", null, "not-judgeable"]) assert.deepEqual(advisedChanges({ verdict: v, config: base, bestStep: 1, totalSteps: 2 }), []);
  });
});
