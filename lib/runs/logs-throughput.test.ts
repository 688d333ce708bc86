import { test } from "node:test";
import assert from "node:assert/strict";
import { logsThroughput } from "@/lib/runs/logs-throughput";

test("throughput is logged only with include_num_input_tokens_seen on", () => {
  assert.equal(logsThroughput("learning_rate: 1.0e-4\ninclude_num_input_tokens_seen: true\n"), true);
  assert.equal(logsThroughput("include_num_input_tokens_seen: all\n"), true);
  assert.equal(logsThroughput("include_num_input_tokens_seen: non_padding\n"), true);
  assert.equal(logsThroughput("learning_rate: 1.0e-4\n"), false);
  assert.equal(logsThroughput("include_num_input_tokens_seen: false\n"), false);
  assert.equal(logsThroughput("include_num_input_tokens_seen: no\n"), false);
  assert.equal(logsThroughput(""), false);
  assert.equal(logsThroughput("a: [unclosed\n"), false);
});
