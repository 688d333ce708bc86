// Runs the generated shell against the local /bin/sh (dash) and bash: the remote login shell may be either.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { abortTreeCommand, countGroupCommand, parseStatusOutput, signalGroupCommand, startCommand, statusCommand, blockOrReadPidCommand } from "@/lib/runs/remote-commands";

const sh = (shell: string, cmd: string, cwd?: string) => execFileSync(shell, ["-c", cmd], { encoding: "utf8", ...(cwd ? { cwd } : {}) });

test("refuses to signal pgid 0, 1 or negatives", () => {
  for (const bad of [0, 1, -5, 1.5, NaN]) assert.throws(() => signalGroupCommand(bad, "KILL"), /refusing/);
  assert.throws(() => abortTreeCommand(1), /refusing/);
  assert.throws(() => countGroupCommand(0), /refusing/);
});

for (const shell of ["/bin/sh", "/bin/bash"]) {
  test(`${shell}: start once, status, SIGABRT tree, TERM group, count`, async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ffh4-rc-"));
    const bin = path.join(root, "bin");
    // A stand-in trainer with a child, so the tree walk has something to walk.
    sh(shell, `mkdir -p ${bin} && printf '#!/bin/sh\\nsleep 30 &\\nwait\\n' > ${bin}/llamafactory-cli && chmod +x ${bin}/llamafactory-cli`);
    const dir = path.join(root, "run dir $(x)");
    sh(shell, `mkdir -p "${dir.replace(/\$/g, "\\$")}"`);
    const env = `PATH=${bin}:$PATH; export PATH; `;
    const pid = Number(sh(shell, env + startCommand({ dir, gpuIndices: [0, 1], profile: { activation: "", lfDir: root, envVars: {} } })).trim());
    assert.ok(pid > 1);
    assert.equal(readFileSync(path.join(dir, "ffloor.pid"), "utf8").trim(), String(pid));
    // A second start finds the lock and reports the same pid instead of launching again.
    assert.equal(Number(sh(shell, env + startCommand({ dir, gpuIndices: [0, 1], profile: { activation: "", lfDir: root, envVars: {} } })).trim()), pid);
    assert.equal(sh(shell, blockOrReadPidCommand(dir)).trim(), String(pid));
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(Number(sh(shell, countGroupCommand(pid)).trim()) >= 2);
    const st = parseStatusOutput(sh(shell, statusCommand([{ key: "r1", dir, pgid: pid }])));
    assert.equal(st.get("r1")?.exitCode, null);
    assert.ok((st.get("r1")?.alive ?? 0) >= 2);
    sh(shell, abortTreeCommand(pid));
    await new Promise((r) => setTimeout(r, 300));
    // The wrapper survived SIGABRT (only descendants got it) and recorded the trainer's status.
    assert.ok(existsSync(path.join(dir, "exit_code")), "exit_code written after SIGABRT");
    sh(shell, signalGroupCommand(pid, "KILL"));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sh(shell, countGroupCommand(pid)).trim(), "0");
  });
}

test("blockOrReadPid takes the lock when nothing started, so a later start cannot run", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ffh4-blk-"));
  assert.equal(sh("/bin/sh", blockOrReadPidCommand(dir)).trim(), "BLOCKED");
  const out = sh("/bin/sh", `PATH=/nonexistent:$PATH; ${startCommand({ dir, gpuIndices: [0], profile: { activation: "", lfDir: dir, envVars: {} } })}`).trim();
  assert.equal(out, "NOPID");
  assert.ok(!existsSync(path.join(dir, "console.log")));
  void spawn;
});

test("the start goes through the profile: activation, env vars, cd, launch switches; a failing activation ends with exit 1", async () => {
  const root = mkdtempSync(path.join(tmpdir(), "ffh13-prof-"));
  const venv = path.join(root, "venv");
  const lf = path.join(root, "LF 'checkout'");
  // A trainer that reports where and with what it was started.
  sh("/bin/sh", `mkdir -p ${venv}/bin "${lf}" && printf '#!/bin/sh\\necho "cwd=$(pwd) hf=$HF_HOME ft=$FORCE_TORCHRUN ax=\${ALLOW_EXTRA_ARGS-unset} cvd=$CUDA_VISIBLE_DEVICES arg=$2"\\n' > ${venv}/bin/llamafactory-cli && chmod +x ${venv}/bin/llamafactory-cli && printf 'PATH="${venv}/bin:$PATH"; export PATH\\n' > ${venv}/activate`);
  const dir = path.join(root, "run");
  sh("/bin/sh", `mkdir -p ${dir}`);
  const profile = { activation: `source ${venv}/activate`, lfDir: lf, envVars: { HF_HOME: "/data/hf cache $(rm -rf /)" } };
  sh("/bin/sh", startCommand({ dir, gpuIndices: [1], profile, launchEnv: { FORCE_TORCHRUN: "1" } }));
  for (let i = 0; i < 50 && !existsSync(path.join(dir, "exit_code")); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(readFileSync(path.join(dir, "exit_code"), "utf8").trim(), "0");
  assert.equal(readFileSync(path.join(dir, "console.log"), "utf8").trim(), `cwd=${lf} hf=/data/hf cache $(rm -rf /) ft=1 ax=unset cvd=1 arg=${dir}/config.yaml`);

  const bad = path.join(root, "bad");
  sh("/bin/sh", `mkdir -p ${bad}`);
  sh("/bin/sh", startCommand({ dir: bad, gpuIndices: [0], profile: { ...profile, activation: `source ${root}/missing/activate` } }));
  for (let i = 0; i < 50 && !existsSync(path.join(bad, "exit_code")); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(readFileSync(path.join(bad, "exit_code"), "utf8").trim(), "1");
  assert.match(readFileSync(path.join(bad, "console.log"), "utf8"), /\[ffloor\] the host profile's activation line failed; nothing was started/);
});

test("parseStatusOutput ignores noise", () => {
  const m = parseStatusOutput("motd line\nRUN a 0 0\nRUN b 3 -\nRUN c 0 137\ngarbage");
  assert.deepEqual([...m.entries()], [["a", { alive: 0, exitCode: 0 }], ["b", { alive: 3, exitCode: null }], ["c", { alive: 0, exitCode: 137 }]]);
});
