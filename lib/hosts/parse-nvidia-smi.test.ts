import { test } from "node:test";
import assert from "node:assert/strict";
import { parseNvidiaSmi } from "@/lib/hosts/parse-nvidia-smi";

test("parses the csv query", () => {
  assert.deepEqual(parseNvidiaSmi("0, NVIDIA A100-SXM4-80GB, 81920, 3, 0\n1, NVIDIA A100-SXM4-80GB, 81920, 40000, 97\n"), [
    { index: 0, name: "NVIDIA A100-SXM4-80GB", memoryTotalMiB: 81920, memoryUsedMiB: 3, utilization: 0 },
    { index: 1, name: "NVIDIA A100-SXM4-80GB", memoryTotalMiB: 81920, memoryUsedMiB: 40000, utilization: 97 },
  ]);
});

test("tolerates CRLF, blank lines, [N/A] utilization, and sorts by index", () => {
  const g = parseNvidiaSmi("\r\n1, NVIDIA H100 80GB HBM3, 81559, 0, [N/A]\r\n0, NVIDIA H100 80GB HBM3, 81559, 10, 5\r\n");
  assert.deepEqual(g.map((x) => [x.index, x.utilization]), [[0, 5], [1, null]]);
});

test("clear errors on garbage", () => {
  assert.throws(() => parseNvidiaSmi(""), /no GPUs/);
  assert.throws(() => parseNvidiaSmi("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."), /line 1: expected 5 comma-separated fields/);
  assert.throws(() => parseNvidiaSmi("0, A100, lots, 3, 0"), /line 1: memory.total is "lots"/);
  assert.throws(() => parseNvidiaSmi("0, A100, 100, 3, 0\nx, A100, 100, 3, 0"), /line 2: index is "x"/);
  assert.throws(() => parseNvidiaSmi("0, A100, 100, 3, 150"), /utilization/);
  assert.throws(() => parseNvidiaSmi("0, A100, 100, 3, 0\n0, A100, 100, 3, 0"), /index 0 twice/);
});
