// The YAML a run uploads, as LF's loader on the host will read it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRunYaml, pyyamlFloats } from "@/lib/runs/build-run-yaml";

test("exponent floats get a dot in the mantissa: PyYAML reads 1e-07 as a string", () => {
  const r = buildRunYaml({ presetYaml: "learning_rate: 1e-4 # from a user's file\nstage: sft\n", overrides: { learning_rate: 1e-7, run_name: "1e5" }, outputDir: "/o" });
  assert.match(r.yaml, /^learning_rate: 1\.0e-7 # from a user's file$/m);
  assert.match(r.yaml, /^run_name: "1e5"$/m, "a string that looks like a number stays a quoted string");
  assert.equal(pyyamlFloats("a: 5e-5\nb: 2.5e-3\nc: '1e3'\n"), "a: 5.0e-5\nb: 2.5e-3\nc: '1e3'\n");
});
