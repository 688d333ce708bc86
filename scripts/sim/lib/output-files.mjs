// Files HF Trainer / PEFT / LF write into output_dir and checkpoint-N/ (names and JSON shapes as real).
import fs from "node:fs";
import path from "node:path";
import { int, pyJson } from "./py-format.mjs";

/** Minimal valid safetensors: 8-byte LE header length, JSON header, tensor bytes. */
function safetensors(tensors) {
  let offset = 0;
  const header = { __metadata__: { format: "pt" } };
  const bufs = [];
  for (const [name, shape] of tensors) {
    const n = shape.reduce((a, b) => a * b, 1) * 2;
    header[name] = { dtype: "BF16", shape, data_offsets: [offset, offset + n] };
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i += 2) b.writeUInt16LE(0x3c00 + ((i * 2654435761) & 0x3ff), i);
    bufs.push(b);
    offset += n;
  }
  let h = Buffer.from(JSON.stringify(header));
  const pad = (8 - (h.length % 8)) % 8;
  h = Buffer.concat([h, Buffer.from(" ".repeat(pad))]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(h.length));
  return Buffer.concat([len, h, ...bufs]);
}

const LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

/** localWorld: this node's ranks, whose RNG states land on this node's disk (rng_state_<process_index>.pth). */
export function writeModelFiles(dir, args, { includeTrainingState = false, world = 1, localWorld = world } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const w = (name, data) => fs.writeFileSync(path.join(dir, name), data);
  if (args.finetuning_type === "lora" || args.finetuning_type === "oft") {
    const r = args.lora_rank;
    const targets = args.lora_target && args.lora_target !== "all" ? String(args.lora_target).split(",").map((s) => s.trim()) : LORA_TARGETS;
    w("adapter_config.json", pyJson({
      alpha_pattern: {}, auto_mapping: null, base_model_name_or_path: args.model_name_or_path, bias: "none",
      fan_in_fan_out: false, inference_mode: true, init_lora_weights: true, layers_pattern: null, layers_to_transform: null,
      lora_alpha: int(args.lora_alpha ?? r * 2), lora_dropout: args.lora_dropout ?? 0.0, modules_to_save: null,
      peft_type: "LORA", r: int(r), rank_pattern: {}, revision: null, target_modules: targets.sort(),
      task_type: "CAUSAL_LM", use_dora: false, use_rslora: false,
    }, { indent: 2, sortKeys: true }));
    w("adapter_model.safetensors", safetensors(targets.flatMap((t) => [[`base_model.model.model.layers.0.${t}.lora_A.weight`, [r, 16]], [`base_model.model.model.layers.0.${t}.lora_B.weight`, [16, r]]])));
  } else {
    w("config.json", pyJson({ architectures: ["ForCausalLM"], model_type: "sim", torch_dtype: "bfloat16", _name_or_path: args.model_name_or_path }, { indent: 2, sortKeys: true }));
    w("generation_config.json", pyJson({ do_sample: true, temperature: 0.7, top_p: 0.8 }, { indent: 2 }));
    w("model.safetensors", safetensors([["model.embed_tokens.weight", [64, 32]], ["lm_head.weight", [64, 32]]]));
  }
  w("tokenizer_config.json", pyJson({ model_max_length: int(args.cutoff_len), padding_side: "right", split_special_tokens: false, tokenizer_class: "PreTrainedTokenizerFast" }, { indent: 2 }));
  w("special_tokens_map.json", pyJson({ eos_token: "<|im_end|>", pad_token: "<|endoftext|>" }, { indent: 2 }));
  w("tokenizer.json", pyJson({ version: "1.0", model: { type: "BPE", vocab: {}, merges: [] } }, { indent: 2 }));
  w("training_args.bin", Buffer.from("\x80\x04\x95simulated TrainingArguments pickle\x94."));
  w("README.md", `---\nbase_model: ${args.model_name_or_path}\nlibrary_name: peft\nlicense: other\ntags:\n- llama-factory\n- ${args.finetuning_type}\n- generated_from_trainer\n---\n\n# ${path.basename(path.resolve(dir))}\n\nThis model is a fine-tuned version of [${args.model_name_or_path}](https://huggingface.co/${args.model_name_or_path}) on the ${args.dataset} dataset.\n`);
  if (includeTrainingState && !args.save_only_model) {
    w("optimizer.pt", Buffer.alloc(4096, 7));
    w("scheduler.pt", Buffer.alloc(1064, 3));
    if (world > 1) for (let r = 0; r < localWorld; r++) w(`rng_state_${r}.pth`, Buffer.alloc(14512, r));
    else w("rng_state.pth", Buffer.alloc(14244, 1));
  }
}

export function trainerStateJson(s) {
  return pyJson({
    best_global_step: s.bestGlobalStep === null ? null : int(s.bestGlobalStep),
    best_metric: s.bestMetric,
    best_model_checkpoint: s.bestModelCheckpoint,
    epoch: s.epoch,
    eval_steps: int(s.evalSteps),
    global_step: int(s.globalStep),
    is_hyper_param_search: false,
    is_local_process_zero: true,
    is_world_process_zero: true,
    log_history: s.logHistory.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, ["step", "num_input_tokens_seen"].includes(k) ? int(v) : v]))),
    logging_steps: int(s.loggingSteps),
    max_steps: int(s.maxSteps),
    num_input_tokens_seen: int(s.numInputTokensSeen),
    num_train_epochs: int(s.numTrainEpochs),
    save_steps: int(s.saveSteps),
    stateful_callbacks: {
      TrainerControl: {
        args: { should_epoch_stop: false, should_evaluate: false, should_log: false, should_save: s.finalSave ? false : true, should_training_stop: !!s.trainingStop },
        attributes: {},
      },
      ...(s.earlyStopping ? { EarlyStoppingCallback: { args: { early_stopping_patience: int(s.earlyStopping.patience), early_stopping_threshold: 0.0 }, attributes: { early_stopping_patience_counter: int(s.earlyStopping.counter) } } } : {}),
    },
    total_flos: s.totalFlos,
    train_batch_size: int(s.trainBatchSize),
    trial_name: null,
    trial_params: null,
  }, { indent: 2, sortKeys: true }) + "\n";
}

/** HF save_metrics: <split>_results.json (indent 4, sorted) and the merged all_results.json. */
export function saveMetrics(outDir, split, metrics) {
  const conv = (m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k === "num_input_tokens_seen" ? int(v) : v]));
  fs.writeFileSync(path.join(outDir, `${split}_results.json`), pyJson(conv(metrics), { indent: 4, sortKeys: true }));
  const allPath = path.join(outDir, "all_results.json");
  let all = {};
  try {
    // Non-finite tokens are valid in Python's json; map them so earlier NaN values survive the merge.
    all = JSON.parse(fs.readFileSync(allPath, "utf8").replace(/:\s*NaN/g, ': "__NaN__"').replace(/:\s*-Infinity/g, ': "__-Inf__"').replace(/:\s*Infinity/g, ': "__Inf__"'));
    for (const [k, v] of Object.entries(all)) if (typeof v === "string" && v.startsWith("__")) all[k] = v === "__NaN__" ? NaN : v === "__Inf__" ? Infinity : -Infinity;
  } catch { all = {}; }
  fs.writeFileSync(allPath, pyJson(conv({ ...all, ...metrics }), { indent: 4, sortKeys: true }));
}

export function listCheckpoints(outDir) {
  let names = [];
  try { names = fs.readdirSync(outDir); } catch { return []; }
  return names
    .map((n) => /^checkpoint-(\d+)$/.exec(n))
    .filter((m) => m && fs.statSync(path.join(outDir, m[0])).isDirectory())
    .map((m) => ({ step: Number(m[1]), dir: path.join(outDir, m[0]) }))
    .sort((a, b) => a.step - b.step);
}

export function rotateCheckpoints(outDir, limit, keepDir) {
  if (!limit || limit <= 0) return [];
  const cps = listCheckpoints(outDir);
  const removable = cps.filter((c) => path.resolve(c.dir) !== (keepDir && path.resolve(keepDir)));
  const excess = cps.length - limit;
  const removed = removable.slice(0, Math.max(0, excess));
  for (const c of removed) fs.rmSync(c.dir, { recursive: true, force: true });
  return removed.map((c) => c.dir);
}

// 1x1 PNG: plot_loss writes images we don't render; consumers only check they exist.
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
