import { test } from "node:test";
import assert from "node:assert/strict";
import { parseLfArgs, resolveFromCwd } from "./lf-args";
import { parsePsScan, trainingRoots, descendants, isTorchrun } from "./ps-scan";

test("LF args: YAML + key=value overrides, HfArgumentParser flags, launcher.py under torchrun, non-train commands", () => {
  const a = parseLfArgs("/opt/venv/bin/python /opt/venv/bin/llamafactory-cli train examples/train_lora/x.yaml output_dir=saves/o2 learning_rate=1e-5");
  assert.ok(a.ok);
  if (a.ok) {
    assert.equal(a.configPath, "examples/train_lora/x.yaml");
    assert.equal(a.outputDirArg, "saves/o2");
    assert.equal(a.overrides.learning_rate, "1e-5");
  }
  const b = parseLfArgs("llamafactory-cli train --model_name_or_path Qwen/Qwen2.5-7B --output_dir=/data/o --do_train");
  assert.ok(b.ok && b.configPath === null && b.outputDirArg === "/data/o");
  const c = parseLfArgs("/usr/bin/python -u /src/llamafactory/launcher.py cfg.yml");
  assert.ok(c.ok && c.configPath === "cfg.yml" && c.outputDirArg === null);
  const sim = parseLfArgs("/usr/bin/node /h/LLaMA-Factory/.venv/share/ffsim/llamafactory-cli.mjs train run.yaml");
  assert.ok(sim.ok && sim.configPath === "run.yaml");
  const webui = parseLfArgs("/v/bin/python /v/bin/llamafactory-cli webui");
  assert.ok(!webui.ok && /not a training/.test(webui.reason));
  assert.equal(resolveFromCwd("saves/a", "/home/u/LF"), "/home/u/LF/saves/a");
  assert.equal(resolveFromCwd("/abs/../x", null), "/x");
  assert.equal(resolveFromCwd("rel", null), null);
});

test("ps scan: one root per training (torchrun children and ranks belong to it), cwd/stdout/env per candidate", () => {
  const out = [
    "P 100 1 100 500 -bash",
    "P 200 1 150 120 /v/bin/python /v/bin/llamafactory-cli train x.yaml",
    "P 201 200 150 119 /v/bin/python /v/bin/torchrun --nnodes 1 --nproc_per_node 2 /src/llamafactory/launcher.py x.yaml",
    "P 202 201 150 118 /v/bin/python -u /src/llamafactory/launcher.py x.yaml",
    "P 203 201 150 118 /v/bin/python -u /src/llamafactory/launcher.py x.yaml",
    "P 300 1 300 10 torchrun --nproc_per_node 1 src/llamafactory/launcher.py y.yaml",
    "P 301 300 300 10 python -u src/llamafactory/launcher.py y.yaml",
    "P 400 1 400 10 vim launcher.py.bak",
    "C 200 /home/u/LLaMA-Factory",
    "O 200 /home/u/LLaMA-Factory/train.log",
    "E 200 LLAMABOARD_ENABLED=1\tLLAMABOARD_WORKDIR=saves/a\tCUDA_VISIBLE_DEVICES=0,1\t",
    "C 300 /home/u/LF",
    "O 300 /dev/pts/1",
    "E 300 ",
  ].join("\n");
  const scan = parsePsScan(out);
  assert.ok(!("error" in scan));
  if ("error" in scan) return;
  assert.deepEqual(trainingRoots(scan).map((p) => p.pid), [200, 300]);
  assert.deepEqual(descendants(scan.procs, 200).map((p) => p.pid).sort(), [201, 202, 203]);
  assert.equal(isTorchrun(scan.procs.get(201)!.args), true);
  assert.equal(scan.info.get(200)!.cwd, "/home/u/LLaMA-Factory");
  assert.equal(scan.info.get(200)!.stdout, "/home/u/LLaMA-Factory/train.log");
  assert.equal(scan.info.get(300)!.stdout, null);
  assert.deepEqual(scan.info.get(200)!.env, { LLAMABOARD_ENABLED: "1", LLAMABOARD_WORKDIR: "saves/a", CUDA_VISIBLE_DEVICES: "0,1" });
  assert.deepEqual(parsePsScan("NOPS\n"), { error: "ps failed on the host." });
});
