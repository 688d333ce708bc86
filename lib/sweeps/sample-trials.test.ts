import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gridValues, sampleTrials } from "./sample-trials";
import { specFieldErrors, ZSweepSpec } from "./spec";

const target = [{ hostId: "h1", gpuIndices: [0] }];

describe("sampleTrials", () => {
  it("grid: the cartesian product in key order, log ranges evenly spaced in log space", () => {
    const spec = ZSweepSpec.parse({ method: "grid", budget: 6, concurrency: 2, targets: target,
      space: { learning_rate: { type: "log", min: 1e-5, max: 1e-3, count: 3 }, lora_rank: { type: "list", values: [8, 16] } } });
    assert.deepEqual(sampleTrials(spec, 0), [
      { learning_rate: 1e-5, lora_rank: 8 }, { learning_rate: 1e-5, lora_rank: 16 },
      { learning_rate: 1e-4, lora_rank: 8 }, { learning_rate: 1e-4, lora_rank: 16 },
      { learning_rate: 1e-3, lora_rank: 8 }, { learning_rate: 1e-3, lora_rank: 16 },
    ]);
    assert.deepEqual(gridValues({ type: "range", min: 1, max: 3, count: 5, int: true }), [1, 2, 3]);
  });

  it("random: reproducible from the seed, inside the bounds, different for another seed", () => {
    const spec = ZSweepSpec.parse({ method: "random", budget: 50, concurrency: 2, targets: target,
      space: { learning_rate: { type: "log", min: 1e-6, max: 1e-2 }, num_train_epochs: { type: "range", min: 1, max: 3, int: true }, warmup_ratio: { type: "range", min: 0, max: 0.2 }, optim: { type: "list", values: ["adamw_torch", "sgd"] } } });
    const a = sampleTrials(spec, 42), b = sampleTrials(spec, 42), c = sampleTrials(spec, 43);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    for (const t of a) {
      assert.ok((t.learning_rate as number) >= 1e-6 && (t.learning_rate as number) <= 1e-2);
      assert.ok([1, 2, 3].includes(t.num_train_epochs as number));
      assert.ok((t.warmup_ratio as number) >= 0 && (t.warmup_ratio as number) <= 0.2);
    }
    // Log-uniform: about half the draws fall below the geometric middle (1e-4).
    const below = a.filter((t) => (t.learning_rate as number) < 1e-4).length;
    assert.ok(below > 12 && below < 38, `${below} of 50 below 1e-4`);
    assert.deepEqual(new Set(a.map((t) => t.num_train_epochs)), new Set([1, 2, 3]));
  });
});

describe("ZSweepSpec", () => {
  const errs = (raw: unknown) => {
    const r = ZSweepSpec.safeParse(raw);
    assert.ok(!r.success);
    return specFieldErrors(r.error);
  };
  it("names the key at fault", () => {
    assert.deepEqual(errs({ method: "random", budget: 4, concurrency: 2, targets: target, space: { learning_rate: { type: "log", min: 0, max: 1e-3 } } }),
      [{ field: "space.learning_rate.min", message: "must be above 0 for a log range" }]);
    assert.deepEqual(errs({ method: "random", budget: 4, concurrency: 2, targets: target, space: { learning_rate: { type: "range", min: 1, max: 0.1 } } }),
      [{ field: "space.learning_rate.min", message: "must not be above max (0.1)" }]);
    assert.deepEqual(errs({ method: "grid", budget: 4, concurrency: 2, targets: target, space: { lora_rank: { type: "range", min: 4, max: 32, int: true } } }).map((e) => e.field),
      ["space.lora_rank.count"]);
    assert.deepEqual(errs({ method: "grid", budget: 4, concurrency: 2, targets: target, space: { lora_rank: { type: "list", values: [4, 8, 16, 32, 64] } } }),
      [{ field: "budget", message: "the grid has 5 combinations; raise the budget to 5 or use random search" }]);
    assert.deepEqual(errs({ method: "random", budget: 0, concurrency: 2, targets: [], space: {} }).map((e) => e.field).sort(), ["budget", "space", "targets"]);
  });
});
