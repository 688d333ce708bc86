// The sandbox layout: LF in a venv/conda env off the login PATH, an LF checkout whose relative paths
// resolve for training, LF-faithful refusals for unknown datasets, missing DeepSpeed files, typo keys.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { SIM_DIR } from "./test-helpers";

function install(layout: string, extra: string[] = []) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "ffsim-host-"));
  fs.mkdirSync(path.join(home, ".sim"), { recursive: true });
  fs.writeFileSync(path.join(home, ".sim", "host.json"), JSON.stringify({ gpus: [{ name: "NVIDIA A100-SXM4-80GB", memoryMiB: 81920 }], stepSeconds: 0.001 }));
  const out = execFileSync(process.execPath, [path.join(SIM_DIR, "install-host.mjs"), "--home", home, "--layout", layout, ...extra], { encoding: "utf8" });
  return { home, profile: JSON.parse(out) as { activation: string; lfDir: string } };
}
const bash = (home: string, script: string, env: Record<string, string> = {}) =>
  spawnSync("bash", ["-c", script], { encoding: "utf8", env: { HOME: home, PATH: `${home}/bin:/usr/bin:/bin`, ...env } });

for (const layout of ["venv", "conda"]) {
  test(`${layout}: llamafactory-cli only after activation; version and env answer like LF`, () => {
    const { home, profile } = install(layout, ["--lf-version", "0.9.4", "--transformers", "4.57.1", "--torch", "2.7.1+cu126"]);
    try {
      assert.equal(bash(home, "command -v llamafactory-cli").status, 1, "not on the login PATH");
      const act = profile.activation.replace("~", "$HOME");
      const v = bash(home, `${act} && cd ~/LLaMA-Factory && llamafactory-cli version && llamafactory-cli env`);
      assert.equal(v.status, 0, v.stderr);
      assert.match(v.stdout, /\| Welcome to LLaMA Factory, version 0\.9\.4 +\|/);
      assert.match(v.stdout, /- PyTorch version: 2\.7\.1\+cu126 \(GPU\)/);
      assert.match(v.stdout, /- Transformers version: 4\.57\.1/);
      assert.equal(bash(home, "nvidia-smi --query-gpu=driver_version --format=csv,noheader").stdout.trim(), "570.133.20");
    } finally { fs.rmSync(home, { recursive: true, force: true }); }
  });
}

test("the checkout's dataset_info.json decides which datasets exist; relative paths resolve from the checkout", () => {
  const { home, profile } = install("venv");
  try {
    const lf = path.join(home, "LLaMA-Factory");
    const info = JSON.parse(fs.readFileSync(path.join(lf, "data", "dataset_info.json"), "utf8"));
    assert.ok(info.alpaca_en_demo && info.support_chats_v2, "stock and user-registered entries");
    assert.ok(fs.existsSync(path.join(lf, "examples", "deepspeed", "ds_z3_config.json")));
    const base = "model_name_or_path: Qwen/Qwen2.5-0.5B-Instruct\ndo_train: true\ntemplate: qwen\nmax_samples: 40\noutput_dir: OUT\nlogging_steps: 5\nsave_steps: 1000\nper_device_train_batch_size: 4\nnum_train_epochs: 1.0\n";
    const run = (extra: string, cwd: string, env: Record<string, string> = {}) => {
      fs.writeFileSync(path.join(home, "cfg.yaml"), base.replace("OUT", path.join(home, "out" + Math.random())) + extra);
      return bash(home, `${profile.activation.replace("~", "$HOME")} && cd ${cwd} && llamafactory-cli train ~/cfg.yaml`, env);
    };
    const ok = run("dataset: support_chats_v2\n", "~/LLaMA-Factory");
    assert.equal(ok.status, 0, ok.stderr.slice(-800));
    const fromHome = run("dataset: alpaca_en_demo\n", "~");
    assert.equal(fromHome.status, 1);
    assert.match(fromHome.stderr, /ValueError: Cannot open data\/dataset_info\.json due to \[Errno 2\] No such file or directory: 'data\/dataset_info\.json'\./);
    const unknown = run("dataset: support_chats_v3\n", "~/LLaMA-Factory");
    assert.match(unknown.stderr, /ValueError: Undefined dataset support_chats_v3 in dataset_info\.json\./);
    const typo = run("dataset: identity\nlearnig_rate: 1.0e-4\n", "~/LLaMA-Factory");
    assert.match(typo.stderr, /ValueError: Some keys are not used by the HfArgumentParser: \['learnig_rate'\]/);
    const extraOk = run("dataset: identity\nlearnig_rate: 1.0e-4\n", "~/LLaMA-Factory", { ALLOW_EXTRA_ARGS: "1" });
    assert.equal(extraOk.status, 0, extraOk.stderr.slice(-500));
    const noDs = run("dataset: identity\ndeepspeed: examples/deepspeed/ds_z9_config.json\n", "~/LLaMA-Factory", { FORCE_TORCHRUN: "1" });
    assert.match(noDs.stderr, /ValueError: Expected a string path to an existing deepspeed config, or a dictionary, or a base64 encoded string\. Received: examples\/deepspeed\/ds_z9_config\.json/);
    const oneGpu = run("dataset: identity\ndeepspeed: examples/deepspeed/ds_z3_config.json\n", "~/LLaMA-Factory");
    assert.match(oneGpu.stderr, /ValueError: Please use `FORCE_TORCHRUN=1` to launch DeepSpeed training\./);
    const forced = run("dataset: identity\ndeepspeed: examples/deepspeed/ds_z3_config.json\n", "~/LLaMA-Factory", { FORCE_TORCHRUN: "1" });
    assert.equal(forced.status, 0, forced.stderr.slice(-800));
  } finally { fs.rmSync(home, { recursive: true, force: true }); }
});

test("the installed LF version's key set decides: a key added in 0.9.4 is refused by a 0.9.3 install, accepted by 0.9.6.dev0", () => {
  const run = (ver: string) => {
    const { home, profile } = install("venv", ["--lf-version", ver]);
    try {
      const cfg = "model_name_or_path: Qwen/Qwen2.5-0.5B-Instruct\ndo_train: true\ndataset: identity\ntemplate: qwen\nmax_samples: 20\noutput_dir: " + path.join(home, "o") + "\nlogging_steps: 5\nsave_steps: 1000\nnum_train_epochs: 1.0\nuse_kt: false\n";
      fs.writeFileSync(path.join(home, "cfg.yaml"), cfg);
      return bash(home, `${profile.activation.replace("~", "$HOME")} && cd ~/LLaMA-Factory && llamafactory-cli train ~/cfg.yaml`);
    } finally { fs.rmSync(home, { recursive: true, force: true }); }
  };
  assert.match(run("0.9.3").stderr, /ValueError: Some keys are not used by the HfArgumentParser: \['use_kt'\]/);
  const ok = run("0.9.6.dev0");
  assert.equal(ok.status, 0, ok.stderr.slice(-600));
});
