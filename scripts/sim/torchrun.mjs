#!/usr/bin/node
// torchrun (elastic agent): N worker processes per node; a failed rank takes the others down and the
// agent exits 1 with a ChildFailedError summary, as torch.distributed.elastic does. With --nnodes > 1
// the agents first meet over TCP (static rendezvous on master_addr:master_port, lib/rendezvous.mjs).
import { spawn } from "node:child_process";
import os from "node:os";
import { isAlive } from "./lib/host-config.mjs";
import { formatTraceback, PyError, SITE } from "./lib/py-error.mjs";
import { rendezvous, TORCHRUN_FRAMES } from "./lib/rendezvous.mjs";

process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
const argv = process.argv.slice(2);
const opts = { nnodes: "1", node_rank: "0", nproc_per_node: "1", master_addr: "127.0.0.1", master_port: "29500" };
let i = 0;
for (; i < argv.length && argv[i].startsWith("--"); i += 2) opts[argv[i].slice(2).replace(/-/g, "_")] = argv[i + 1];
const script = argv[i];
const scriptArgs = argv.slice(i + 1);
const n = Number(opts.nproc_per_node);
const nnodes = Number(opts.nnodes);
const nodeRank = Number(opts.node_rank);

const stamp = () => {
  const d = new Date();
  return `${String(d.getMonth() + 1).padStart(2, "0")}${String(d.getDate()).padStart(2, "0")} ${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, "0")}000`;
};
const logE = (file, msg) => process.stderr.write(`E${stamp()} ${process.pid} torch/distributed/${file}] ${msg}\n`);
const workers = [];
let failed = null;
function killAll(sig) { for (const w of workers) if (!w.done) { try { w.child.kill(sig); } catch { /* gone */ } } }

// Installed before the rendezvous: an agent still waiting for its peers must die with its launcher too.
// Death signals are forwarded to the workers, then the agent dies of the same signal.
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(sig, () => {
    process.stderr.write(`W${stamp()} ${process.pid} torch/distributed/elastic/agent/server/api.py:719] Received Signals.${sig} death signal, shutting down workers\n`);
    killAll(sig);
    process.removeAllListeners(sig);
    process.kill(process.pid, sig);
  });
}
// If the launcher disappears (killed alone), take the workers down rather than leaving GPUs held.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent || !isAlive(parent)) { killAll("SIGKILL"); process.exit(1); } }, 250).unref();

// A rank may miss news sent while it was still starting up: it gets it again with our answer to its
// next message (it always speaks before it waits).
const sticky = [];
let link = null;
if (nnodes > 1) {
  const t = Number(process.env.SIM_RDZV_TIMEOUT_S);
  try {
    link = await rendezvous({ nnodes, nodeRank, nproc: n, addr: opts.master_addr, port: Number(opts.master_port), timeoutS: Number.isFinite(t) && t > 0 ? t : 900 });
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    process.stderr.write(formatTraceback(e));
    process.exit(1);
  }
  link.onDown((m) => {
    if (m.t === "gone" || m.t === "r0done") sticky.push(m);
    for (const w of workers) if (!w.done && w.child.connected) w.child.send(m, () => {});
  });
}

for (let r = 0; r < n; r++) {
  const rank = nodeRank * n + r;
  const env = {
    ...process.env, RANK: String(rank), LOCAL_RANK: String(r), WORLD_SIZE: String(n * nnodes), LOCAL_WORLD_SIZE: String(n),
    GROUP_RANK: String(nodeRank), GROUP_WORLD_SIZE: String(nnodes), ROLE_RANK: String(rank), ROLE_WORLD_SIZE: String(n * nnodes), ROLE_NAME: "default",
    MASTER_ADDR: opts.master_addr, MASTER_PORT: String(opts.master_port), TORCHELASTIC_RUN_ID: "none",
    TORCHELASTIC_RESTART_COUNT: "0", TORCHELASTIC_MAX_RESTARTS: "0", TORCHELASTIC_USE_AGENT_STORE: "True",
  };
  // Multi-node ranks get a channel to this agent: their collectives go through the agents' links.
  const child = spawn(process.execPath, [script, ...scriptArgs], { stdio: link ? ["inherit", "inherit", "inherit", "ipc"] : "inherit", env });
  const w = { rank: r, globalRank: rank, child, done: false, code: null, signal: null };
  if (link) {
    child.on("message", (m) => {
      link.up({ ...m, rank });
      for (const x of sticky) if (child.connected) child.send(x, () => {});
    });
  }
  workers.push(w);
}

for (const w of workers) {
  w.child.on("exit", (code, signal) => {
    w.done = true; w.code = code; w.signal = signal;
    if (!failed && (code !== 0 || signal)) {
      failed = w;
      killAll("SIGTERM");
    }
    // Ranks on other nodes finish with rank 0 (see collective.mjs).
    if (link && w.globalRank === 0 && code === 0) link.up({ t: "r0done" });
    if (workers.every((x) => x.done)) void finish();
  });
}

async function finish() {
  if (!failed) {
    if (link) await link.finish((msg) => logE("elastic/agent/server/api.py:1130", msg));
    process.exit(0);
  }
  // Without a goodbye on the link: the other nodes take this as this node having died.
  const w = failed;
  const exitcode = w.signal ? -os.constants.signals[w.signal] : w.code;
  logE("elastic/multiprocessing/api.py:882", `failed (exitcode: ${exitcode}) local_rank: ${w.rank} (pid: ${w.child.pid}) of binary: /usr/bin/python3.11`);
  const bar = "=".repeat(60);
  const msg = `\n${bar}\n${script} FAILED\n${"-".repeat(60)}\nFailures:\n  <NO_OTHER_FAILURES>\n${"-".repeat(60)}\nRoot Cause (first observed failure):\n[0]:\n  time      : ${new Date().toISOString().replace("T", "_").slice(0, 19)}\n  host      : ${os.hostname()}\n  rank      : ${w.globalRank} (local_rank: ${w.rank})\n  exitcode  : ${exitcode} (pid: ${w.child.pid})\n  error_file: <N/A>\n  traceback : ${w.signal ? `Signal ${-exitcode} (${w.signal}) received by PID ${w.child.pid}` : "To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html"}\n${bar}`;
  process.stderr.write(formatTraceback(new PyError("torch.distributed.elastic.multiprocessing.errors.ChildFailedError", msg, [
    ...TORCHRUN_FRAMES,
    [`${SITE}/torch/distributed/launcher/api.py`, 293, "launch_agent", "raise ChildFailedError("]])));
  process.exit(1);
}
