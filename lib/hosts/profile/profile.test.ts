import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { activationScript, parseActivation } from "@/lib/hosts/profile/activation";
import { parseEnvLines, ZProfileInput } from "@/lib/hosts/profile/profile-input";
import { profileScript } from "@/lib/hosts/profile/profile-script";
import { parseDetect } from "@/lib/hosts/profile/detect-profile";
import { parseLfEnv, parseRuntimeProbe } from "@/lib/hosts/profile/runtime-probe";

test("activation: known commands become quoted words; anything else is refused with the reason", () => {
  const ok = parseActivation("module load cuda/12.4 && source ~/LLaMA-Factory/.venv/bin/activate; conda activate lf");
  assert.ok(ok.ok);
  const text = activationScript(ok.ok ? ok.steps : []);
  assert.match(text, /module 'load' 'cuda\/12\.4'/);
  assert.match(text, /\. "\$HOME"\/'LLaMA-Factory\/\.venv\/bin\/activate'/);
  assert.match(text, /conda activate 'lf'/);
  for (const [line, why] of [
    ["source ~/a; rm -rf ~", /"rm" is not an activation command/],
    ["source $(curl evil)", /character the activation line does not allow/],
    ["source ~/a | sh", /character the activation line does not allow/],
    ["conda install x", /write `conda activate ENV`/],
    ["source", /needs a file/],
  ] as const) {
    const r = parseActivation(line);
    assert.equal(r.ok, false, line);
    assert.match(r.ok ? "" : r.error, why, line);
  }
  assert.equal(activationScript([]), "true");
});

test("profile script: env values are literal, ~ expands, and bash runs it unchanged", () => {
  const s = profileScript({ activation: "", lfDir: "~/LF dir", envVars: { HF_HOME: "/x $(id) `id` 'q'" } });
  const out = execFileSync("bash", ["-c", `${s.exports}; printf '%s' "$HF_HOME"`], { encoding: "utf8" });
  assert.equal(out, "/x $(id) `id` 'q'");
  assert.equal(s.cd, `cd -- "$HOME"/'LF dir'`);
});

test("profile input: paths must be absolute or ~/, env names valid and not reserved", () => {
  assert.ok(ZProfileInput.safeParse({ activation: "", lfDir: "~/LLaMA-Factory", runsDir: "/data/runs" }).success);
  const bad = ZProfileInput.safeParse({ activation: "", lfDir: "LLaMA-Factory", runsDir: "/r", envVars: { "1X": "a", LLAMABOARD_ENABLED: "0" } });
  assert.ok(!bad.success);
  const msgs = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  assert.ok(msgs.some((m) => m.startsWith("lfDir: must be absolute or start with ~/")), msgs.join("\n"));
  assert.ok(msgs.some((m) => m.startsWith("envVars.1X:")), msgs.join("\n"));
  assert.ok(msgs.some((m) => /envVars\.LLAMABOARD_ENABLED: LLAMABOARD_ENABLED is set per run/.test(m)), msgs.join("\n"));
  assert.deepEqual(parseEnvLines("HF_HOME=/data/hf\n# note\nexport WANDB_PROJECT=a=b\nbad line"), { vars: { HF_HOME: "/data/hf", WANDB_PROJECT: "a=b" }, errors: ["line 4: write NAME=value"] });
});

test("detect output → candidates, venv first, odd names skipped", () => {
  const out = "@@LF ~/LLaMA-Factory\n@@CAND venv\tsource ~/LLaMA-Factory/.venv/bin/activate\t~/LLaMA-Factory\n@@CAND conda\tsource ~/miniconda3/bin/activate lf\t-\n@@CAND conda\tsource ~/miniconda3/bin/activate we$ird\t-\n@@CAND path\t\t-\n";
  assert.deepEqual(parseDetect(out).candidates, [
    { activation: "source ~/LLaMA-Factory/.venv/bin/activate", lfDir: "~/LLaMA-Factory", via: "virtualenv" },
    { activation: "source ~/miniconda3/bin/activate lf", lfDir: "~/LLaMA-Factory", via: "conda env" },
    { activation: "", lfDir: "~/LLaMA-Factory", via: "login PATH" },
  ]);
});

test("runtime probe parse: versions from `llamafactory-cli env`, datasets, and the reason LF cannot start", () => {
  const env = "- `llamafactory` version: 0.9.4\n- Platform: Linux\n- PyTorch version: 2.7.1+cu126 (GPU)\n- Transformers version: 4.57.1\n";
  assert.deepEqual(parseLfEnv(env), { lf: "0.9.4", transformers: "4.57.1", torch: "2.7.1+cu126" });
  const dsi = Buffer.from(JSON.stringify({ b: {}, a: {} })).toString("base64");
  const p = { activation: "", lfDir: "~/LLaMA-Factory", runsDir: "~/r", envVars: {}, message: "", version: 3 };
  const ok = parseRuntimeProbe(`@@HOME /home/u\n@@LFDIR /home/u/LLaMA-Factory\n@@CLI /x/llamafactory-cli\n@@VER | Welcome to LLaMA Factory, version 0.9.4 |\n@@VER_RC 0\n${env.split("\n").map((l) => `@@ENV ${l}`).join("\n")}\n@@DRIVER 550.54.15\n@@RUNS /home/u/r\n@@DISK 1048576\n@@DSI ${dsi}\n`, p);
  assert.equal(ok.ok, true);
  assert.deepEqual([ok.lfVersion, ok.transformersVersion, ok.torchVersion, ok.cudaDriver, ok.diskFreeBytes, ok.profileVersion], ["0.9.4", "4.57.1", "2.7.1+cu126", "550.54.15", 2 ** 30, 3]);
  assert.deepEqual(ok.datasets, ["a", "b"]);
  const noCli = parseRuntimeProbe("@@HOME /home/u\n@@LFDIR /home/u/LLaMA-Factory\n@@CLI \n@@RUNS /home/u/r\n@@DSI_MISSING\n", p);
  assert.equal(noCli.ok, false);
  assert.match(noCli.problem!, /llamafactory-cli is not on PATH/);
  assert.match(noCli.datasetInfoError!, /not found/);
  const act = parseRuntimeProbe("@@ACT_FAIL 1\n@@ACT_LOG bash: /nope/activate: No such file or directory\n@@LFDIR_MISSING\n", { ...p, activation: "source /nope/activate" });
  assert.match(act.problem!, /The activation line failed \(exit 1\): bash: \/nope\/activate: No such file or directory/);
});
