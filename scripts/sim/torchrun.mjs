#!/usr/bin/node
// torchrun (elastic agent, 1 node): N worker processes; a failed rank takes the others down and
// the agent exits 1 with a ChildFailedError summary, as torch.distributed.elastic does.
import { spawn } from "node:child_process";
import os from "node:os";
import { isAlive } from "./lib/host-config.mjs";
import { formatTraceback, PyError, SITE } from "./lib/py-error.mjs";

process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
const argv = process.argv.slice(2);
const opts = { nnodes: "1", node_rank: "0", nproc_per_node: "1", master_addr: "127.0.0.1", master_port: "29500" };
let i = 0;
for (; i < argv.length && argv[i].startsWith("--"); i += 2) opts[argv[i].slice(2).replace(/-/g, "_")] = argv[i + 1];
const script = argv[i];
const scriptArgs = argv.slice(i + 1);
const n = Number(opts.nproc_per_node);

const workers = [];
for (let r = 0; r < n; r++) {
  const env = { ...process.env, RANK: String(Number(opts.node_rank) * n + r), LOCAL_RANK: String(r), WORLD_SIZE: String(n * Number(opts.nnodes)), LOCAL_WORLD_SIZE: String(n), MASTER_ADDR: opts.master_addr, MASTER_PORT: String(opts.master_port), TORCHELASTIC_RUN_ID: "none" };
  const child = spawn(process.execPath, [script, ...scriptArgs], { stdio: "inherit", env });
  workers.push({ rank: r, child, done: false, code: null, signal: null });
}

const stamp = () => {
  const d = new Date();
  return `${String(d.getMonth() + 1).padStart(2, "0")}${String(d.getDate()).padStart(2, "0")} ${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, "0")}000`;
};
let failed = null;
function killAll(sig) { for (const w of workers) if (!w.done) { try { w.child.kill(sig); } catch { /* gone */ } } }

for (const w of workers) {
  w.child.on("exit", (code, signal) => {
    w.done = true; w.code = code; w.signal = signal;
    if (!failed && (code !== 0 || signal)) {
      failed = w;
      killAll("SIGTERM");
    }
    if (workers.every((x) => x.done)) finish();
  });
}

function finish() {
  if (!failed) process.exit(0);
  const w = failed;
  const exitcode = w.signal ? -os.constants.signals[w.signal] : w.code;
  process.stderr.write(`E${stamp()} ${process.pid} torch/distributed/elastic/multiprocessing/api.py:882] failed (exitcode: ${exitcode}) local_rank: ${w.rank} (pid: ${w.child.pid}) of binary: /usr/bin/python3.11\n`);
  const bar = "=".repeat(60);
  const msg = `\n${bar}\n${script} FAILED\n${"-".repeat(60)}\nFailures:\n  <NO_OTHER_FAILURES>\n${"-".repeat(60)}\nRoot Cause (first observed failure):\n[0]:\n  time      : ${new Date().toISOString().replace("T", "_").slice(0, 19)}\n  host      : ${os.hostname()}\n  rank      : ${w.rank} (local_rank: ${w.rank})\n  exitcode  : ${exitcode} (pid: ${w.child.pid})\n  error_file: <N/A>\n  traceback : ${w.signal ? `Signal ${-exitcode} (${w.signal}) received by PID ${w.child.pid}` : "To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html"}\n${bar}`;
  process.stderr.write(formatTraceback(new PyError("torch.distributed.elastic.multiprocessing.errors.ChildFailedError", msg, [
    ["/usr/local/bin/torchrun", 8, "<module>", "sys.exit(main())"],
    [`${SITE}/torch/distributed/elastic/multiprocessing/errors/__init__.py`, 357, "wrapper", "return f(*args, **kwargs)"],
    [`${SITE}/torch/distributed/run.py`, 936, "main", "run(args)"],
    [`${SITE}/torch/distributed/run.py`, 927, "run", "elastic_launch("],
    [`${SITE}/torch/distributed/launcher/api.py`, 156, "__call__", "return launch_agent(self._config, self._entrypoint, list(args))"],
    [`${SITE}/torch/distributed/launcher/api.py`, 293, "launch_agent", "raise ChildFailedError("]])));
  process.exit(1);
}

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
