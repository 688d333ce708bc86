import { test } from "node:test";
import assert from "node:assert/strict";
import { describeExitCode } from "@/lib/runs/describe-exit";

test("exit codes are explained: none for a killed run, signals by name", () => {
  assert.equal(describeExitCode({ status: "KILLED", exitCode: null }), "none: killed, the process never exited on its own");
  assert.equal(describeExitCode({ status: "KILLED", exitCode: 137 }), "137 (SIGKILL)");
  assert.equal(describeExitCode({ status: "STOPPED", exitCode: 0 }), "0 (success)");
  assert.equal(describeExitCode({ status: "FAILED", exitCode: 134 }), "134 (SIGABRT)");
  assert.equal(describeExitCode({ status: "FAILED", exitCode: 1 }), "1");
  assert.equal(describeExitCode({ status: "RUNNING", exitCode: null }), "– (still running)");
  assert.equal(describeExitCode({ status: "CANCELLED", exitCode: null }), "none: never started");
});
