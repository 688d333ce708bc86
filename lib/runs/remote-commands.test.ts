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
    const pid = Number(sh(shell, env + startCommand({ dir, gpuIndices: [0, 1] })).trim());
    assert.ok(pid > 1);
    assert.equal(readFileSync(path.join(dir, "ffloor.pid"), "utf8").trim(), String(pid));
    // A second start finds the lock and reports the same pid instead of launching again.
    assert.equal(Number(sh(shell, env + startCommand({ dir, gpuIndices: [0, 1] })).trim()), pid);
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
  const out = sh("/bin/sh", `PATH=/nonexistent:$PATH; ${startCommand({ dir, gpuIndices: [0] })}`).trim();
  assert.equal(out, "NOPID");
  assert.ok(!existsSync(path.join(dir, "console.log")));
  void spawn;
});

test("parseStatusOutput ignores noise", () => {
  const m = parseStatusOutput("motd line\nRUN a 0 0\nRUN b 3 -\nRUN c 0 137\ngarbage");
  assert.deepEqual([...m.entries()], [["a", { alive: 0, exitCode: 0 }], ["b", { alive: 3, exitCode: null }], ["c", { alive: 0, exitCode: 137 }]]);
});
