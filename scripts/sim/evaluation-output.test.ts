// The simulator writes LF's evaluation files as LF does: eval_accuracy (compute_accuracy) and per-dataset
// eval_<name>_loss (eval_on_each_dataset) in trainer_state.json and eval_results.json; a predict-only run
// on a checkpoint (do_predict + predict_with_generate + adapter_name_or_path) writes progress-only
// trainer_log.jsonl lines, predict_results.json and generated_predictions.jsonl (prompt/predict/label).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { makeSandbox, runCli, writeConfig } from "./test-helpers";
import { parsePyJson } from "./lib/load-config.mjs";

test("training with compute_accuracy and two eval sets, then a predict-only run on its checkpoint", async () => {
  const sb = makeSandbox(1);
  try {
    const cfg = writeConfig(sb, { val_size: undefined, eval_dataset: "identity,support_chats_v2", eval_on_each_dataset: true, compute_accuracy: true,
      do_eval: true, max_samples: 60, num_train_epochs: "1.0", save_steps: 4, eval_steps: 4 });
    const r = await runCli(sb, ["train", cfg]);
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    const out = path.join(sb.cwd, "out");
    const state = parsePyJson(fs.readFileSync(path.join(out, "trainer_state.json"), "utf8"));
    const evals = state.log_history.filter((e: Record<string, unknown>) => Object.keys(e).some((k) => /^eval_.*_loss$/.test(k)));
    assert.ok(evals.some((e: Record<string, unknown>) => typeof e.eval_identity_loss === "number" && typeof e.eval_identity_accuracy === "number"));
    assert.ok(evals.some((e: Record<string, unknown>) => typeof e.eval_support_chats_v2_loss === "number"));
    // trainer_log.jsonl: LF copies only eval_loss, so a per-dataset eval line carries neither loss.
    const lines = fs.readFileSync(path.join(out, "trainer_log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(lines.every((l) => !("eval_identity_loss" in l)));
    const er = JSON.parse(fs.readFileSync(path.join(out, "eval_results.json"), "utf8"));
    assert.deepEqual(Object.keys(er), [...Object.keys(er)].sort());
    assert.ok("eval_identity_loss" in er && "eval_support_chats_v2_accuracy" in er && "epoch" in er);

    const ck = fs.readdirSync(out).filter((n) => /^checkpoint-\d+$/.test(n)).sort()[0]!;
    const pcfg = path.join(sb.cwd, "predict.yaml");
    fs.writeFileSync(pcfg, [`model_name_or_path: Qwen/Qwen2.5-7B-Instruct`, `adapter_name_or_path: out/${ck}`, "stage: sft", "do_predict: true",
      "finetuning_type: lora", "eval_dataset: support_chats_v2", "template: qwen", "max_samples: 12", "output_dir: pred",
      "overwrite_output_dir: true", "per_device_eval_batch_size: 1", "predict_with_generate: true", ""].join("\n"));
    const p = await runCli(sb, ["train", "predict.yaml"]);
    assert.equal(p.code, 0, p.stderr.slice(-2000));
    const pd = path.join(sb.cwd, "pred");
    const log = fs.readFileSync(path.join(pd, "trainer_log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(log[0], { ...log[0], current_steps: 5, total_steps: 12 });
    assert.deepEqual(Object.keys(log[0]), ["current_steps", "total_steps", "percentage", "elapsed_time", "remaining_time"]);
    const pr = JSON.parse(fs.readFileSync(path.join(pd, "predict_results.json"), "utf8"));
    assert.deepEqual(Object.keys(pr), ["predict_bleu-4", "predict_model_preparation_time", "predict_rouge-1", "predict_rouge-2", "predict_rouge-l",
      "predict_runtime", "predict_samples_per_second", "predict_steps_per_second"]);
    assert.ok(pr["predict_rouge-1"] > 0 && pr["predict_rouge-1"] <= 100);
    const rows = fs.readFileSync(path.join(pd, "generated_predictions.jsonl"), "utf8").trim().split("\n");
    assert.equal(rows.length, 12);
    const row = JSON.parse(rows[0]!);
    assert.deepEqual(Object.keys(row), ["prompt", "predict", "label"]);
    assert.match(row.prompt, /^<\|im_start\|>system\n/);
    assert.match(rows[0]!, /^\{"prompt": "/); // Python's json.dumps separators
    assert.ok(p.stderr.includes("***** predict metrics *****"));
    assert.match(p.stdout, /\n  predict_rouge-l +=/);

    // A missing adapter fails like PEFT, and do_predict without predict_with_generate like LF's parser.
    fs.writeFileSync(pcfg, fs.readFileSync(pcfg, "utf8").replace(`out/${ck}`, "out/checkpoint-999"));
    const bad = await runCli(sb, ["train", "predict.yaml"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Can't find 'adapter_config.json' at 'out\/checkpoint-999'/);
    fs.writeFileSync(pcfg, fs.readFileSync(pcfg, "utf8").replace("predict_with_generate: true", "predict_with_generate: false").replace("checkpoint-999", ck));
    const nogen = await runCli(sb, ["train", "predict.yaml"]);
    assert.match(nogen.stderr, /Please enable `predict_with_generate` to save model predictions\./);
  } finally {
    sb.cleanup();
  }
});
