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

// What `llamafactory-cli train` prints on two GPUs when a worker raises: the worker traceback (rank
// prefixed), torchrun's ChildFailedError summary, then the launcher's CalledProcessError.
const TORCHRUN_TAIL = [
  "[rank0]: Traceback (most recent call last):",
  '[rank0]:   File "/opt/LLaMA-Factory/src/llamafactory/launcher.py", line 185, in <module>',
  "[rank0]:     run_exp()",
  '[rank0]:   File "/opt/LLaMA-Factory/src/llamafactory/hparams/parser.py", line 86, in _parse_args',
  '[rank0]:     raise ValueError(f"Some keys are not used by the HfArgumentParser: {sorted(unknown_keys)}")',
  "[rank0]: ValueError: Some keys are not used by the HfArgumentParser: ['learnig_rate']",
  "E1203 08:12:01.123000 1234 torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: 1) local_rank: 0 (pid: 1235) of binary: /usr/bin/python3",
  "Traceback (most recent call last):",
  '  File "/usr/local/bin/torchrun", line 8, in <module>',
  "    sys.exit(main())",
  "torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ",
  "============================================================",
  "/opt/LLaMA-Factory/src/llamafactory/launcher.py FAILED",
  ...Array.from({ length: 20 }, (_, i) => `  detail line ${i}`),
  "============================================================",
  "Traceback (most recent call last):",
  '  File "/usr/local/bin/llamafactory-cli", line 8, in <module>',
  "    sys.exit(main())",
  "subprocess.CalledProcessError: Command '['torchrun', '--nnodes', '1', '--nproc_per_node', '2']' returned non-zero exit status 1.",
].join("\n");

test("the failure line is the worker's exception, not torchrun's or the launcher's wrapper", async () => {
  const { lastExceptionLine, failureExcerpt } = await import("./process-failure");
  assert.equal(lastExceptionLine(TORCHRUN_TAIL), "ValueError: Some keys are not used by the HfArgumentParser: ['learnig_rate']");
  const f = describeProcessFailure({ exitCode: 1, lastStep: null, errorExcerpt: TORCHRUN_TAIL });
  assert.match(f.reason, /exit code 1: ValueError: Some keys are not used by the HfArgumentParser: \['learnig_rate'\]$/);
  // The exception scrolled out of the last 30 lines: the kept excerpt puts it first.
  const kept = failureExcerpt(TORCHRUN_TAIL);
  assert.equal(kept.line, "ValueError: Some keys are not used by the HfArgumentParser: ['learnig_rate']");
  assert.match(kept.excerpt, /^ValueError: Some keys.*\n\.\.\.\n/);
  assert.ok(kept.excerpt.endsWith("returned non-zero exit status 1."));
  assert.equal(lastExceptionLine("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\r 45%|████ | 3/7"), "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB");
  assert.equal(lastExceptionLine("Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyboardInterrupt"), "KeyboardInterrupt");
  assert.equal(lastExceptionLine("all fine\nloss 0.3"), null);
  assert.equal(lastExceptionLine(null), null);
});
