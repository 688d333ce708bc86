import { test } from "node:test";
import assert from "node:assert/strict";
import { csvField, csvLine, jsonValue } from "@/lib/runs-table/export-format";
import { flattenHparams } from "@/lib/runs-table/flatten-hparams";

test("CSV: quoting, non-finite numbers spelled out, formula cells defused", () => {
  assert.equal(csvLine(["a,b", 'say "hi"', 1.5, NaN, Infinity, -Infinity, null, ["x", "y"]]), '"a,b","say ""hi""",1.5,NaN,Infinity,-Infinity,,x y\r\n');
  assert.equal(csvField("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.equal(csvField("-1.5e-4"), "-1.5e-4", "a negative number as text stays a number");
  assert.equal(csvField(-2), "-2");
});

test("JSON: non-finite numbers become the API's strings", () => {
  assert.equal(jsonValue(NaN), "NaN");
  assert.equal(jsonValue(-Infinity), "-Infinity");
  assert.equal(jsonValue(undefined), null);
  assert.equal(jsonValue(2), 2);
});

test("hyperparameters: flat keys, YAML types kept, per-run paths left out", () => {
  const h = flattenHparams("learning_rate: 1.0e-4\nlora_rank: 8\nbf16: true\noutput_dir: /x/y\ndataset: a,b\nnested:\n  k: .nan\n");
  assert.deepEqual(h, { learning_rate: 1e-4, lora_rank: 8, bf16: true, dataset: "a,b", "nested.k": ".nan" });
  assert.deepEqual(flattenHparams(": : bad"), {});
});
