import { test } from "node:test";
import assert from "node:assert/strict";
import { differingKeys, flattenConfig } from "./flatten-config";

test("flattens YAML and finds only the keys that differ (missing counts as different)", () => {
  const a = flattenConfig("learning_rate: 1.0e-4\nnum_train_epochs: 3.0\nstage: sft\n");
  const b = flattenConfig("learning_rate: 5.0e-5\nnum_train_epochs: 3.0\nstage: sft\nval_size: 0.1\n");
  assert.equal(a.learning_rate, "0.0001");
  assert.deepEqual([...differingKeys([a, b])].sort(), ["learning_rate", "val_size"]);
});

test("bad YAML gives an empty config instead of throwing", () => {
  assert.deepEqual(flattenConfig("a: [1, 2"), {});
});
