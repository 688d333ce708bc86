import { test } from "node:test";
import assert from "node:assert/strict";
import { distEnvVars, withoutDistVars } from "@/lib/runs/multi-node/dist-env";
import { withOutputDir } from "@/lib/runs/multi-node/node-yaml";

test("every node gets NNODES, NODE_RANK, MASTER_ADDR and the fixed MASTER_PORT", () => {
  assert.deepEqual(distEnvVars({ nnodes: 2, nodeRank: 1, masterAddr: "10.0.0.5", masterPort: 29500 }),
    { NNODES: "2", NODE_RANK: "1", MASTER_ADDR: "10.0.0.5", MASTER_PORT: "29500" });
});

test("bad values are refused by name: rank past the node count, shell text in the address, low ports", () => {
  assert.throws(() => distEnvVars({ nnodes: 2, nodeRank: 2, masterAddr: "a", masterPort: 29500 }), /nodeRank/);
  assert.throws(() => distEnvVars({ nnodes: 2, nodeRank: 0, masterAddr: "a;rm -rf /", masterPort: 29500 }), /host name or IP/);
  assert.throws(() => distEnvVars({ nnodes: 2, nodeRank: 0, masterAddr: "a", masterPort: 22 }));
});

test("a profile's RANK (LF's old name for the node rank) and the generated names are dropped", () => {
  assert.deepEqual(withoutDistVars({ RANK: "0", HF_HOME: "/data/hf", MASTER_PORT: "1", NCCL_DEBUG: "INFO" }),
    { envVars: { HF_HOME: "/data/hf", NCCL_DEBUG: "INFO" }, dropped: ["RANK", "MASTER_PORT"] });
});

test("a node's YAML differs from the run's only in output_dir", () => {
  const y = "model_name_or_path: m\nlearning_rate: 1.0e-4\noutput_dir: /home/a/runs/r1\nbf16: true\n";
  assert.equal(withOutputDir(y, "/srv/b's runs/r1"), "model_name_or_path: m\nlearning_rate: 1.0e-4\noutput_dir: /srv/b's runs/r1\nbf16: true\n");
  assert.equal(withOutputDir(y, "/x: y"), y.replace("/home/a/runs/r1", '"/x: y"'));
  assert.throws(() => withOutputDir("a: 1\n", "/x"), /output_dir/);
});
