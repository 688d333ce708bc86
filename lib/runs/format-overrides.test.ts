import { test } from "node:test";
import assert from "node:assert/strict";
import { formatOverrides } from "@/lib/runs/format-overrides";
import { parseOverrides } from "@/lib/runs/parse-overrides";

test("stored overrides → form text → the same values (strings that look like numbers stay strings)", () => {
  const values = { learning_rate: 0.0001, num_train_epochs: 2, bf16: true, lr_scheduler_type: "cosine", dataset: "alpaca_en_demo,identity",
    run_name: "1e-4", report_to: "none", hub_model_id: "true" };
  const text = formatOverrides(values);
  assert.match(text, /^learning_rate=0\.0001$/m);
  assert.match(text, /^run_name="1e-4"$/m);
  assert.match(text, /^hub_model_id="true"$/m);
  assert.deepEqual(parseOverrides(text).errors, []);
  assert.deepEqual(parseOverrides(text).values, values);
});
