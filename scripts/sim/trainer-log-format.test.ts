// Format of everything a simulated run writes, compared with what LF / HF Trainer 5.x write.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { makeSandbox, parsePyJson, readLog, runCli, writeConfig, type TRunResult, type TSandbox } from "./test-helpers.ts";

let sb: TSandbox;
let run: TRunResult;
before(async () => {
  sb = makeSandbox();
  writeConfig(sb, { save_steps: 30, save_total_limit: 2, plot_loss: true });
  run = await runCli(sb, ["train", "cfg.yaml"]);
});
after(() => sb.cleanup());

test("exits 0", () => assert.equal(run.code, 0, run.stderr));

test("train, eval and summary lines have LogCallback's key order", () => {
  const lines = readLog(sb);
  const train = lines.find((l) => "loss" in l)!;
  const ev = lines.find((l) => "eval_loss" in l)!;
  const last = lines[lines.length - 1]!;
  assert.deepEqual(Object.keys(train), ["current_steps", "total_steps", "loss", "lr", "epoch", "percentage", "elapsed_time", "remaining_time", "throughput", "total_tokens"]);
  assert.deepEqual(Object.keys(ev), ["current_steps", "total_steps", "eval_loss", "epoch", "percentage", "elapsed_time", "remaining_time", "throughput", "total_tokens"]);
  assert.deepEqual(Object.keys(last), ["current_steps", "total_steps", "epoch", "percentage", "elapsed_time", "remaining_time", "throughput", "total_tokens"]);
  assert.equal(last.current_steps, last.total_steps);
  assert.match(String(train.elapsed_time), /^(\d+ days?, )?\d+:\d\d:\d\d$/);
  // Same step: the train line comes before the eval line.
  const i = lines.findIndex((l) => "eval_loss" in l);
  assert.equal(lines[i - 1]!.current_steps, lines[i]!.current_steps);
  assert.ok("loss" in lines[i - 1]!);
});

test("raw text: Python float repr, ints without .0, summary percentage 100.0", () => {
  const text = fs.readFileSync(path.join(sb.cwd, "out", "trainer_log.jsonl"), "utf8");
  const first = text.split("\n")[0]!;
  assert.match(first, /^\{"current_steps": 5, "total_steps": \d+, "loss": \d\.\d+, "lr": [\d.e-]+, "epoch": 0\.\d+, "percentage": [\d.]+, /);
  assert.match(text.trimEnd().split("\n").pop()!, /"epoch": 2\.0, "percentage": 100\.0, /);
  assert.ok(!/"lr": \d+\.\d*e-\d\b/.test(text), "Python writes 2-digit exponents (e-05)");
});

test("without include_num_input_tokens_seen there is no throughput/total_tokens", async () => {
  const sb2 = makeSandbox();
  try {
    writeConfig(sb2, { include_num_input_tokens_seen: false, max_samples: 100, num_train_epochs: "1.0" });
    const r = await runCli(sb2, ["train", "cfg.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    for (const l of readLog(sb2)) assert.ok(!("throughput" in l) && !("total_tokens" in l));
  } finally { sb2.cleanup(); }
});

test("console: INFO lines, tqdm with carriage returns, Trainer 5.x dict lines", () => {
  const all = run.stdout + run.stderr;
  assert.match(all, /^\[INFO\|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] llamafactory\.hparams\.parser:\d+ >> Process rank: 0, world size: 1, device: cuda:0, distributed training: False/m);
  assert.match(all, /\[INFO\|trainer\.py:\d+\] \d{4}-\d\d-\d\d [\d:]+,\d{3} >> \*\*\*\*\* Running training \*\*\*\*\*/);
  assert.match(run.stderr, /\r +\d+%\|[ ▏▎▍▌▋▊▉█]{10}\| \d+\/\d+ \[\d\d:\d\d<\d\d:\d\d, +[\d.]+(it\/s|s\/it)\]/);
  assert.match(run.stdout, /\{'loss': '[\d.]+', 'grad_norm': '[\d.]+', 'learning_rate': '[\d.e+-]+', 'epoch': '[\d.]+', 'num_input_tokens_seen': \d+, 'train_runtime': '[\d.]+', 'train_tokens_per_second': '[\d.e+]+'\}/);
  assert.match(run.stdout, /\{'eval_loss': '[\d.]+', 'eval_runtime': /);
  assert.match(run.stdout, /\{'train_runtime': '[\d.]+', 'train_samples_per_second': '[\d.]+', 'train_steps_per_second': '[\d.]+', 'train_loss': '[\d.]+', 'epoch': '2'/);
  assert.match(run.stdout, /\*\*\*\*\* train metrics \*\*\*\*\*|  train_loss +=/);
});

test("trainer_state.json: sorted keys, indent 2, grad_norm in log_history, final train_* entry", () => {
  const text = fs.readFileSync(path.join(sb.cwd, "out", "trainer_state.json"), "utf8");
  assert.match(text, /^\{\n  "best_global_step": null,\n  "best_metric": null,/);
  const s = parsePyJson(text) as { log_history: Record<string, number>[]; global_step: number; max_steps: number };
  const keys = Object.keys(s);
  assert.deepEqual(keys, [...keys].sort());
  assert.ok(s.log_history.filter((e) => "loss" in e).every((e) => typeof e.grad_norm === "number" && typeof e.step === "number"));
  const last = s.log_history[s.log_history.length - 1]!;
  assert.ok("train_loss" in last && "train_runtime" in last && "total_flos" in last);
  assert.equal(s.global_step, s.max_steps);
});

test("results files: train/eval/all with HF keys; the final eval is not in trainer_log.jsonl", () => {
  const out = path.join(sb.cwd, "out");
  const tr = parsePyJson(fs.readFileSync(path.join(out, "train_results.json"), "utf8"));
  const ev = parsePyJson(fs.readFileSync(path.join(out, "eval_results.json"), "utf8"));
  const all = parsePyJson(fs.readFileSync(path.join(out, "all_results.json"), "utf8"));
  assert.deepEqual(Object.keys(tr), ["epoch", "num_input_tokens_seen", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"]);
  assert.deepEqual(Object.keys(ev), ["epoch", "eval_loss", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "num_input_tokens_seen"]);
  assert.equal(all.eval_loss, ev.eval_loss);
  assert.equal(all.train_loss, tr.train_loss);
  assert.match(fs.readFileSync(path.join(out, "train_results.json"), "utf8"), /^\{\n    "epoch": 2\.0,/);
  for (const f of ["adapter_model.safetensors", "adapter_config.json", "training_loss.png", "training_eval_loss.png"]) assert.ok(fs.existsSync(path.join(out, f)), f);
});

test("checkpoints every save_steps with save_total_limit rotation", () => {
  const out = path.join(sb.cwd, "out");
  const total = readLog(sb).at(-1)!.total_steps as unknown as number;
  const cps = fs.readdirSync(out).filter((n) => n.startsWith("checkpoint-")).sort((a, b) => Number(a.split("-")[1]) - Number(b.split("-")[1]));
  // saves at 30, 60, 90 and the final step; limit 2 keeps the last two.
  assert.deepEqual(cps, [`checkpoint-${Math.floor((total - 1) / 30) * 30}`, `checkpoint-${total}`]);
  const cp = path.join(out, cps[0]!);
  for (const f of ["adapter_model.safetensors", "adapter_config.json", "trainer_state.json", "optimizer.pt", "scheduler.pt", "rng_state.pth", "training_args.bin"]) assert.ok(fs.existsSync(path.join(cp, f)), f);
  const st = parsePyJson(fs.readFileSync(path.join(cp, "trainer_state.json"), "utf8")) as { global_step: number };
  assert.equal(st.global_step, Number(cps[0]!.split("-")[1]));
  const buf = fs.readFileSync(path.join(cp, "adapter_model.safetensors"));
  const hlen = Number(buf.readBigUInt64LE(0));
  assert.ok(JSON.parse(buf.subarray(8, 8 + hlen).toString()).__metadata__, "a parseable safetensors header");
});
