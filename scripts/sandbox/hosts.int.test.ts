// Integration: a real sshd sandbox host, reached with ssh2 and the pinned host-key fingerprint.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { Client } from "ssh2";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const SCRIPT = path.join(ROOT, "scripts/sandbox/hosts.sh");
const REGISTRY = path.join(ROOT, ".sandbox/hosts.json");
const NAME = `it${process.pid % 100000}`;

type THost = { name: string; address: string; port: number; username: string; privateKeyPath: string; hostKeyFingerprint: string; gpus: number;
  profile: { layout: string; activation: string; lfDir: string; runsDir: string; lfVersion: string } };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => { const p = (srv.address() as net.AddressInfo).port; srv.close(() => resolve(p)); });
    srv.on("error", reject);
  });
}
const hosts = (): THost[] => JSON.parse(fs.readFileSync(REGISTRY, "utf8"));
const sh = (...args: string[]) => execFileSync("bash", [SCRIPT, ...args], { encoding: "utf8" });

function connect(h: THost, fingerprint = h.hostKeyFingerprint): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on("ready", () => resolve(c)).on("error", reject).connect({
      host: h.address, port: h.port, username: h.username, privateKey: fs.readFileSync(h.privateKeyPath), readyTimeout: 10000,
      hostVerifier: (key: Buffer) => `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}` === fingerprint,
    });
  });
}
function exec(c: Client, cmd: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => c.exec(cmd, (e, stream) => {
    if (e) return reject(e);
    let out = "", err = "";
    stream.on("data", (d: Buffer) => (out += d)).stderr.on("data", (d: Buffer) => (err += d));
    stream.on("close", (code: number) => resolve({ code, out, err }));
  }));
}

let host: THost;
before(async () => {
  const port = await freePort();
  sh("up", "--name", NAME, "--port", String(port), "--gpus", "2xA100-80GB", "--step-seconds", "0.01");
  host = hosts().find((h) => h.name === NAME)!;
});
after(() => { sh("down", "--name", NAME, "--purge"); });

test("registry entry: fields other scripts read", () => {
  assert.ok(host);
  assert.equal(host.address, "127.0.0.1");
  assert.equal(host.username, `ff-${NAME}`);
  assert.equal(host.gpus, 2);
  assert.match(host.hostKeyFingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  const pub = path.join(path.dirname(host.privateKeyPath), "ssh_host_ed25519_key.pub");
  assert.equal(execFileSync("ssh-keygen", ["-lf", pub], { encoding: "utf8" }).split(" ")[1], host.hostKeyFingerprint);
});

test("up is idempotent", () => {
  const again = sh("up", "--name", NAME, "--port", String(host.port), "--gpus", "2xA100-80GB", "--step-seconds", "0.01");
  assert.match(again, /already up/);
  assert.equal(hosts().filter((h) => h.name === NAME).length, 1);
});

test("ssh2 with the pinned fingerprint: nvidia-smi on the login PATH, llamafactory-cli only through the profile", async () => {
  const c = await connect(host);
  try {
    const q = await exec(c, "nvidia-smi --query-gpu=index,name,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits");
    assert.equal(q.code, 0, q.err);
    assert.equal(q.out, "0, NVIDIA A100-SXM4-80GB, 81920, 0, 0\n1, NVIDIA A100-SXM4-80GB, 81920, 0, 0\n");
    assert.notEqual((await exec(c, "command -v llamafactory-cli")).code, 0, "LF is not on the login PATH");
    assert.equal(host.profile.activation, "source ~/LLaMA-Factory/.venv/bin/activate");
    const v = await exec(c, `bash -c 'source ~/LLaMA-Factory/.venv/bin/activate && cd ~/LLaMA-Factory && llamafactory-cli version'`);
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /Welcome to LLaMA Factory, version 0\.9\.6\.dev0/);
    assert.equal((await exec(c, "test -f ~/LLaMA-Factory/data/dataset_info.json && test -f ~/LLaMA-Factory/examples/deepspeed/ds_z3_config.json && echo ok")).out.trim(), "ok");
  } finally { c.end(); }
});

test("a wrong fingerprint is refused", async () => {
  await assert.rejects(connect(host, "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), /verification failed/i);
});

test("a detached run over ssh trains on the host's GPUs and writes trainer_log.jsonl", async () => {
  const c = await connect(host);
  try {
    const cfg = `model_name_or_path: Qwen/Qwen3-4B-Instruct-2507\\ndo_train: true\\ndataset: identity\\ntemplate: qwen3_nothink\\noutput_dir: ${path.join(path.dirname(host.privateKeyPath), "home")}/runs/a\\nlogging_steps: 5\\nnum_train_epochs: 3.0\\nper_device_train_batch_size: 1\\noverwrite_output_dir: true\\n`;
    assert.equal((await exec(c, `mkdir -p runs && printf '${cfg}' > runs/a.yaml`)).code, 0);
    // `a && b &` would background the whole list in a subshell tied to the channel: launch on its own.
    // Through the profile: activate the venv, run from the LF checkout (dataset_info.json lives there).
    const start = await exec(c, "cd ~/LLaMA-Factory; . ~/LLaMA-Factory/.venv/bin/activate; SIM_STEP_SECONDS=0.03 setsid nohup llamafactory-cli train ~/runs/a.yaml > ~/runs/a.log 2>&1 < /dev/null & echo $!");
    const pid = Number(start.out.trim());
    assert.ok(pid > 0);
    let smi = "";
    for (let i = 0; i < 100; i++) {
      smi = (await exec(c, "nvidia-smi --query-gpu=index,memory.used --format=csv,noheader,nounits")).out;
      if (/^0, [1-9]\d*\n1, [1-9]\d*\n$/.test(smi)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(smi, /^0, [1-9]\d*\n1, [1-9]\d*\n$/, `both GPUs in use by the 2-rank run; log: ${(await exec(c, "tail -c 1500 runs/a.log; ls -la .sim/gpus runs")).out}`);
    for (let i = 0; i < 200; i++) {
      if ((await exec(c, `kill -0 ${pid} 2>/dev/null && echo up || echo gone`)).out.trim() === "gone") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const tail = await exec(c, "tail -n 1 runs/a/trainer_log.jsonl");
    assert.match(tail.out, /^\{"current_steps": (\d+), "total_steps": \1, "epoch": 3\.0, "percentage": 100\.0/);
  } finally { c.end(); }
});
