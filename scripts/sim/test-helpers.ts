// Shared by the simulator tests: a throwaway HOME with ~/.sim/host.json, and a runner for the CLI.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeLfCheckout } from "./lib/lf-checkout.mjs";

export const SIM_DIR = path.dirname(new URL(import.meta.url).pathname);
export const CLI = path.join(SIM_DIR, "llamafactory-cli.mjs");
export const NVSMI = path.join(SIM_DIR, "nvidia-smi.mjs");

export type TSandbox = { home: string; cwd: string; cleanup: () => void };

export function makeSandbox(gpus = 2, memoryMiB = 81920): TSandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ffsim-"));
  const home = path.join(root, "home");
  fs.mkdirSync(path.join(home, ".sim"), { recursive: true });
  const list = Array.from({ length: gpus }, () => ({ name: "NVIDIA A100-SXM4-80GB", memoryMiB }));
  fs.writeFileSync(path.join(home, ".sim", "host.json"), JSON.stringify({ gpus: list, stepSeconds: 0.002 }));
  // Training runs from an LF checkout: relative dataset_dir / deepspeed paths resolve against it.
  const cwd = path.join(root, "work");
  fs.mkdirSync(cwd);
  writeLfCheckout(cwd);
  return { home, cwd, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export const BASE_CONFIG: Record<string, string | number | boolean> = {
  model_name_or_path: "Qwen/Qwen2.5-7B-Instruct", stage: "sft", do_train: true, finetuning_type: "lora",
  dataset: "alpaca_en_demo", template: "qwen", max_samples: 500, output_dir: "out", logging_steps: 5,
  save_steps: 1000, overwrite_output_dir: true, per_device_train_batch_size: 2, gradient_accumulation_steps: 4,
  learning_rate: "1.0e-4", num_train_epochs: "2.0", lr_scheduler_type: "cosine", warmup_ratio: 0.1, bf16: true,
  val_size: 0.1, eval_strategy: "steps", eval_steps: 20, include_num_input_tokens_seen: true,
};

export function writeConfig(sb: TSandbox, overrides: Record<string, unknown> = {}, name = "cfg.yaml"): string {
  const cfg: Record<string, unknown> = { ...BASE_CONFIG, ...overrides };
  const text = Object.entries(cfg).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join("\n");
  fs.writeFileSync(path.join(sb.cwd, name), `### generated for a test\n${text}\n`);
  return name;
}

export type TRunResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

export function startCli(sb: TSandbox, args: string[], env: Record<string, string> = {}, opts: { detached?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: sb.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: sb.home, SIM_STEP_SECONDS: "0.002", CUDA_VISIBLE_DEVICES: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: opts.detached ?? false,
  });
}

export function collect(child: ChildProcess): Promise<TRunResult> {
  let stdout = "", stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export const runCli = (sb: TSandbox, args: string[], env: Record<string, string> = {}) => collect(startCli(sb, args, env));

/** Python's json allows NaN/Infinity tokens; JSON.parse does not. */
export function parsePyJson(line: string): Record<string, unknown> {
  const marked = line.replace(/([:\[,]\s*)(NaN|-Infinity|Infinity)(?=\s*[,\]}])/g, (_m, pre: string, tok: string) => `${pre}"__py_${tok}__"`);
  return JSON.parse(marked, (_k, v) => (v === "__py_NaN__" ? NaN : v === "__py_Infinity__" ? Infinity : v === "__py_-Infinity__" ? -Infinity : v));
}

export type TLine = Record<string, number | string> & { current_steps: number };
export function readLog(sb: TSandbox, out = "out"): TLine[] {
  return fs.readFileSync(path.join(sb.cwd, out, "trainer_log.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => parsePyJson(l) as TLine);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(pred: () => boolean, timeoutMs = 10000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error("timed out waiting");
    await sleep(20);
  }
}
