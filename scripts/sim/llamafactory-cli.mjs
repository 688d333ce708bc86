#!/usr/bin/node
// Simulated `llamafactory-cli` (LLaMA-Factory 0.9.6.dev0): same commands, output, files, exit codes and
// process tree as the real one, with simulated GPUs (see ~/.sim/host.json). No npm dependencies.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Console } from "./lib/console-out.mjs";
import { readHost, visibleDevices } from "./lib/host-config.mjs";
import { ENTRY_FRAMES, formatTraceback, LF, PyError } from "./lib/py-error.mjs";
import { runWorker } from "./lib/train-worker.mjs";

process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
const here = path.dirname(fileURLToPath(import.meta.url));
// install-host.mjs records the versions this "environment" has; a bare checkout of scripts/sim is current LF.
const VERSIONS = (() => {
  try { return { llamafactory: "0.9.6.dev0", transformers: "4.57.1", torch: "2.8.0+cu128", ...JSON.parse(fs.readFileSync(path.join(here, "versions.json"), "utf8")) }; }
  catch { return { llamafactory: "0.9.6.dev0", transformers: "4.57.1", torch: "2.8.0+cu128" }; }
})();
const VERSION = VERSIONS.llamafactory;
const USAGE = [
  "-".repeat(70),
  "| Usage:                                                             |",
  "|   llamafactory-cli api -h: launch an OpenAI-style API server       |",
  "|   llamafactory-cli chat -h: launch a chat interface in CLI         |",
  "|   llamafactory-cli export -h: merge LoRA adapters and export model |",
  "|   llamafactory-cli train -h: train models                          |",
  "|   llamafactory-cli webchat -h: launch a chat interface in Web UI   |",
  "|   llamafactory-cli webui: launch LlamaBoard                        |",
  "|   llamafactory-cli env: show environment info                      |",
  "|   llamafactory-cli version: show version info                      |",
  "| Hint: You can use `lmf` as a shortcut for `llamafactory-cli`.      |",
  "-".repeat(70),
].join("\n");

function banner() {
  const lines = [`Welcome to LLaMA Factory, version ${VERSION}`, "", "Project page: https://github.com/hiyouga/LLaMA-Factory"];
  const w = Math.max(...lines.map((l) => l.length));
  return ["-".repeat(w + 4), ...lines.map((l) => `| ${l.padEnd(w)} |`), "-".repeat(w + 4)].join("\n");
}

function envInfo() {
  const host = readHost();
  const g = host.gpus;
  const info = {
    "`llamafactory` version": VERSION, Platform: "Linux-6.8.0-x86_64-with-glibc2.36", "Python version": "3.11.9",
    "PyTorch version": `${VERSIONS.torch} (GPU)`, "Transformers version": VERSIONS.transformers, "Datasets version": "4.0.0",
    "Accelerate version": "1.10.1", "PEFT version": "0.17.1", "GPU type": g[0]?.name ?? "none", "GPU number": g.length,
    "GPU memory": `${((g[0]?.memoryMiB ?? 0) / 1024).toFixed(2)}GB`, "TRL version": "0.21.0", "DeepSpeed version": "0.17.5",
    "Bitsandbytes version": "0.47.0",
  };
  return `\n${Object.entries(info).map(([k, v]) => `- ${k}: ${v}`).join("\n")}\n`;
}

async function train(args) {
  const host = readHost();
  const vis = visibleDevices(host, process.env);
  const count = vis.ok ? vis.ids.length : 0;
  const force = /^(true|y|1)$/i.test(process.env.FORCE_TORCHRUN ?? "");
  if (!(force || count > 1)) {
    await runWorker({ argv: args, rank: 0, world: 1, localRank: 0, env: process.env, cwd: process.cwd() });
    return process.exitCode ?? 0;
  }
  const nproc = process.env.NPROC_PER_NODE ?? String(Math.max(1, count));
  const port = process.env.MASTER_PORT ?? String(20001 + Math.floor(Math.random() * 9000));
  const addr = process.env.MASTER_ADDR ?? "127.0.0.1";
  new Console().lf("llamafactory.launcher", 86, `Initializing ${nproc} distributed tasks at: ${addr}:${port}`);
  const cmd = ["--nnodes", process.env.NNODES ?? "1", "--node_rank", process.env.NODE_RANK ?? "0", "--nproc_per_node", nproc,
    "--master_addr", addr, "--master_port", port, path.join(here, "launcher.mjs"), "train", ...args];
  const env = { ...process.env, PYTORCH_CUDA_ALLOC_CONF: "expandable_segments:True", TORCH_NCCL_AVOID_RECORD_STREAMS: "1" };
  const child = spawn(process.execPath, [path.join(here, "torchrun.mjs"), ...cmd], { stdio: "inherit", env });
  const [code, signal] = await new Promise((resolve) => child.on("exit", (c, s) => resolve([c, s])));
  if (code === 0) return 0;
  const pyList = `['torchrun', ${cmd.map((c) => `'${c.replace(/launcher\.mjs$/, "launcher.py")}'`).join(", ")}]`;
  // Python's CalledProcessError words a signal death (negative returncode) differently.
  const how = signal ? `died with <Signals.${signal}: ${os.constants.signals[signal]}>` : `returned non-zero exit status ${code}`;
  process.stderr.write(formatTraceback(new PyError("subprocess.CalledProcessError", `Command '${pyList}' ${how}.`, [
    ...ENTRY_FRAMES.slice(0, 2),
    [`${LF}/launcher.py`, 118, "launch", "process = subprocess.run("],
    ["/usr/lib/python3.11/subprocess.py", 571, "run", "raise CalledProcessError(retcode, process.args,"]])));
  return 1;
}

const [cmd, ...rest] = process.argv.slice(2);
let code = 0;
switch (cmd) {
  case "train":
    code = await train(rest);
    break;
  case "version":
    console.log(banner());
    break;
  case "env":
    console.log(envInfo());
    break;
  case "help":
  case "-h":
  case "--help":
  case undefined:
    console.log(USAGE);
    break;
  case "eval":
    process.stderr.write(formatTraceback(new PyError("NotImplementedError", "Evaluation will be deprecated in the future.", ENTRY_FRAMES.slice(0, 2).concat([[`${LF}/launcher.py`, 160, "launch", "raise NotImplementedError(\"Evaluation will be deprecated in the future.\")"]]))));
    code = 1;
    break;
  case "api":
  case "chat":
  case "export":
  case "webchat":
  case "webui":
    process.stderr.write(`[sim] \`llamafactory-cli ${cmd}\` is not simulated on this host (training only).\n`);
    code = 1;
    break;
  default:
    console.log(`Unknown command: ${cmd}.\n${USAGE}`);
}
process.exit(code);
