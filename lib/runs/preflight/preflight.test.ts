import assert from "node:assert/strict";
import { test } from "node:test";
import { planPreflight, mustBeLocal } from "@/lib/runs/preflight/plan";
import { parsePreflight } from "@/lib/runs/preflight/command";
import { evaluatePreflight } from "@/lib/runs/preflight/evaluate";
import { estimateGpuMemoryMiB, paramsFromModelName } from "@/lib/runs/preflight/estimate";
import { launchEnvFor } from "@/lib/runs/launch-env";

const dsi = (names: string[]) => Buffer.from(JSON.stringify(Object.fromEntries(names.map((n) => [n, { file_name: `${n}.json` }])))).toString("base64");
const base = { model_name_or_path: "Qwen/Qwen2.5-7B-Instruct", dataset: "alpaca_en_demo,team_set", finetuning_type: "lora", per_device_train_batch_size: 2, cutoff_len: 1024 };

test("hub ids are not local paths; absolute, ./, ~ and deeper paths are", () => {
  for (const p of ["Qwen/Qwen2.5-7B", "gpt2"]) assert.equal(mustBeLocal(p), false, p);
  for (const p of ["/models/q", "./q", "../q", "~/q", "models/qwen/7b"]) assert.equal(mustBeLocal(p), true, p);
  assert.equal(paramsFromModelName("Qwen/Qwen2.5-7B-Instruct"), 7e9);
  assert.equal(paramsFromModelName("Qwen/Qwen2.5-0.5B"), 0.5e9);
  assert.equal(paramsFromModelName("/models/my-model"), null);
  const m = estimateGpuMemoryMiB(base, 1)!;
  assert.ok(m > 14_000 && m < 24_000, String(m));
  assert.ok(estimateGpuMemoryMiB({ ...base, finetuning_type: "full" }, 1)! > 100_000);
});

test("every failed check is a named field error; leased GPUs are the queue's business", () => {
  const plan = planPreflight({ ...base, deepspeed: "examples/deepspeed/ds_z3_config.json", adapter_name_or_path: "~/adapters/a" }, { gpus: 2 });
  const stdout = [
    "@@HOME /home/u", "@@LFDIR /home/u/LLaMA-Factory", "@@CLI /v/bin/llamafactory-cli", `@@DSI ${dsi(["alpaca_en_demo", "team_set_v2"])}`,
    "@@P 0 -", "@@P 1 -", "@@P 2 -", "@@RUNS /home/u/runs", "@@DISK 512", "@@GPU 0, 81920, 70000", "@@GPU 1, 81920, 79000",
  ].join("\n");
  const res = evaluatePreflight({ plan, probe: parsePreflight(stdout), host: "gpu-a", gpuIndices: [0, 1], leasedGpus: new Set([1]) });
  const by = Object.fromEntries(res.errors.map((e) => [e.field, e.message]));
  assert.deepEqual(Object.keys(by).sort(), ["config.adapter_name_or_path", "config.dataset", "config.deepspeed", "disk", "gpuIndices"]);
  assert.match(by["config.dataset"]!, /"team_set" is not in \/home\/u\/LLaMA-Factory\/data\/dataset_info\.json on gpu-a.*did you mean "team_set_v2"/);
  assert.match(by["config.deepspeed"]!, /\/home\/u\/LLaMA-Factory\/examples\/deepspeed\/ds_z3_config\.json does not exist/);
  assert.match(by["config.adapter_name_or_path"]!, /does not expand ~; write the absolute path \(\/home\/u\/adapters\/a\)/);
  assert.match(by["gpuIndices"]!, /GPU 0 on gpu-a is busy: 68\.4 GiB of 80\.0 GiB used/);
  assert.match(by["disk"]!, /\/home\/u\/runs on gpu-a has 0\.0 GiB free/);
  // The hub model id (path 0) missing locally is fine.
  assert.ok(!("config.model_name_or_path" in by));
});

test("a host that cannot start LF refuses on hostId", () => {
  const plan = planPreflight({ ...base }, { gpus: 1 });
  const res = evaluatePreflight({ plan, probe: parsePreflight("@@ACT_FAIL 1\n@@LFDIR_MISSING\n"), host: "h", gpuIndices: [0], leasedGpus: new Set() });
  assert.deepEqual(res.errors.map((e) => e.field), ["hostId", "hostId"]);
});

test("launch switches: FORCE_TORCHRUN only for DeepSpeed on one GPU, ALLOW_EXTRA_ARGS only when allowed", () => {
  assert.deepEqual(launchEnvFor({ config: { deepspeed: "examples/deepspeed/ds_z3_config.json" }, gpuCount: 1, allowExtraKeys: false }), { FORCE_TORCHRUN: "1" });
  assert.deepEqual(launchEnvFor({ config: { deepspeed: "examples/deepspeed/ds_z3_config.json" }, gpuCount: 2, allowExtraKeys: false }), {});
  assert.deepEqual(launchEnvFor({ config: {}, gpuCount: 1, allowExtraKeys: true }), { ALLOW_EXTRA_ARGS: "1" });
});
