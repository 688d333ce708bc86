import { test } from "node:test";
import assert from "node:assert/strict";
import { describeProcessFailure } from "./process-failure";

test("a config error before the first step names the error line and the fix", () => {
  const f = describeProcessFailure({ exitCode: 1, lastStep: null, errorExcerpt:
    'Traceback (most recent call last):\n  File "/opt/lf/src/llamafactory/hparams/parser.py", line 80, in _parse_args\nValueError: Some keys are not used by the HfArgumentParser: [\'lora_rnak\']\n' });
  assert.equal(f.verdict, "failed");
  assert.match(f.reason, /before its first logged step with exit code 1: ValueError: Some keys are not used/);
  assert.match(f.advice[0]!, /keys this LLaMA-Factory version does not know/);
  assert.equal(f.advice.length, 1);
});

test("out of memory mid-run and a SIGKILL are told apart, checkpoints mentioned", () => {
  const oom = describeProcessFailure({ exitCode: 1, lastStep: 120, errorExcerpt: "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB" });
  assert.match(oom.reason, /after step 120/);
  assert.match(oom.advice[0]!, /per_device_train_batch_size/);
  assert.match(oom.advice.at(-1)!, /resumed/);
  const killed = describeProcessFailure({ exitCode: 137, lastStep: 5, errorExcerpt: null });
  assert.match(killed.reason, /exit code 137 \(SIGKILL/);
  assert.match(killed.advice[0]!, /console tail/);
});
