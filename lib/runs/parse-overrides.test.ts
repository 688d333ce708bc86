import { test } from "node:test";
import assert from "node:assert/strict";
import { parseOverrides } from "@/lib/runs/parse-overrides";

test("parses key=value lines as YAML scalars", () => {
  const r = parseOverrides("learning_rate=1e-5\n\n# comment\nnum_train_epochs = 2\nfp16=true\nrun_name=my run");
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.values, { learning_rate: 1e-5, num_train_epochs: 2, fp16: true, run_name: "my run" });
});

test("validates keys as LF would: a bad value or an unknown key is refused (with a guess), unless the preset allows extra keys", () => {
  const r = parseOverrides(["learning_rate=-1", "lr_scheduler_type=bogus", "my_custom_key=3", "learnig_rate=1e-4"]);
  assert.deepEqual(r.errors.map((e) => e.key), ["learning_rate", "lr_scheduler_type", "my_custom_key", "learnig_rate"]);
  assert.match(r.errors[3]!.message, /did you mean `learning_rate`/);
  const extra = parseOverrides(["my_custom_key=3"], { allowExtraKeys: true });
  assert.deepEqual(extra.errors, []);
  assert.deepEqual(extra.warnings.map((e) => e.key), ["my_custom_key"]);
  assert.deepEqual(extra.values, { my_custom_key: 3 });
  // On an older host, a key its LF does not have yet is refused.
  assert.match(parseOverrides(["use_kt=false"], { lfVersion: "0.9.3" }).errors[0]!.message, /0\.9\.4 or newer/);
});

test("refuses reserved keys, bad key names, structures, duplicates and missing =", () => {
  const r = parseOverrides(["output_dir=/tmp/x", "$(id)=1", "../x=1", "a=[1,2]", "b={c: 1}", "seed=1", "seed=2", "novalue"]);
  assert.deepEqual(
    r.errors.map((e) => e.key),
    ["line 8", "output_dir", '"$(id)"', '"../x"', "a", "b", "seed"],
  );
});

test("hostile values are kept as inert strings", () => {
  const r = parseOverrides(["run_name=$(touch /tmp/pwn)", "dataset=`id`;rm -rf ~", "template=a'b\"c"]);
  assert.equal(r.values.run_name, "$(touch /tmp/pwn)");
  assert.equal(r.values.dataset, "`id`;rm -rf ~");
});

test("object input (API) is validated the same way", () => {
  const r = parseOverrides({ learning_rate: 0.001, output_dir: "x", weird: { a: 1 } });
  assert.deepEqual(r.values, { learning_rate: 0.001 });
  assert.equal(r.errors.length, 2);
});

test("multi-line values in array input are refused, not folded", () => {
  const r = parseOverrides(["run_name=x\ntouch /tmp/p", "run_name=a\r\nb", "dataset=a\0b"]);
  assert.equal(r.errors.length, 3);
  assert.ok(r.errors.every((e) => e.message === "value must be a single line"));
});

test("values YAML cannot read cleanly stay literal text", () => {
  const r = parseOverrides(["run_name=%s%n$(id)", "dataset=!!; rm -rf ~", "template=a: b"]);
  assert.deepEqual(r.values, { run_name: "%s%n$(id)", dataset: "!!; rm -rf ~" });
  assert.equal(r.errors[0]?.key, "template");
});
