// get_train_args(): merge YAML + dotlist, reject what LF/HF reject (same exception types and texts),
// then derive the run plan (samples, steps, intervals) the way HF Trainer computes it.
import fs from "node:fs";
import path from "node:path";
import { DATASETS, FINETUNING_TYPES, INTERVALS, KNOWN_KEYS, MODELS, SCHEDULERS, STAGES, TEMPLATES } from "./registry.mjs";
import { LF, PARSE_FRAMES, PyError, SITE, valueError } from "./py-error.mjs";
import { pyStrList } from "./py-format.mjs";

const HF = `${SITE}/transformers`;

const DEFAULTS = {
  stage: "sft", do_train: false, finetuning_type: "lora", lora_rank: 8, lora_alpha: null, template: null,
  dataset: null, eval_dataset: null, dataset_dir: "data", cutoff_len: 2048, max_samples: null, val_size: 0.0,
  output_dir: "trainer_output", overwrite_output_dir: false, logging_steps: 500, save_steps: 500,
  save_strategy: "steps", save_total_limit: null, save_only_model: false, eval_strategy: "no", eval_steps: null,
  per_device_train_batch_size: 8, per_device_eval_batch_size: 8, gradient_accumulation_steps: 1,
  learning_rate: 5e-5, num_train_epochs: 3.0, max_steps: -1, lr_scheduler_type: "linear", lr_scheduler_kwargs: {},
  warmup_ratio: 0.0, warmup_steps: 0, seed: 42, bf16: false, fp16: false, max_grad_norm: 1.0,
  logging_nan_inf_filter: true, include_num_input_tokens_seen: false, plot_loss: false,
  load_best_model_at_end: false, metric_for_best_model: null, greater_is_better: null, early_stopping_steps: null,
  resume_from_checkpoint: null, do_eval: false, quantization_bit: null, deepspeed: null, model_name_or_path: null,
  pref_beta: 0.1, report_to: "none", do_predict: false, predict_with_generate: false, compute_accuracy: false,
  eval_on_each_dataset: false, adapter_name_or_path: null,
};

const FLOATS = ["learning_rate", "num_train_epochs", "warmup_ratio", "val_size", "max_grad_norm", "logging_steps",
  "save_steps", "eval_steps", "warmup_steps", "weight_decay", "pref_beta"];
const INTS = ["per_device_train_batch_size", "per_device_eval_batch_size", "gradient_accumulation_steps", "max_steps",
  "seed", "cutoff_len", "max_samples", "lora_rank", "save_total_limit", "early_stopping_steps", "quantization_bit"];
const BOOLS = ["do_train", "do_eval", "overwrite_output_dir", "bf16", "fp16", "include_num_input_tokens_seen",
  "plot_loss", "load_best_model_at_end", "save_only_model", "trust_remote_code", "logging_nan_inf_filter", "do_predict",
  "predict_with_generate", "compute_accuracy", "eval_on_each_dataset"];

const hfFrames = (line, code) => [...PARSE_FRAMES,
  [`${LF}/hparams/parser.py`, 241, "get_train_args", "model_args, data_args, training_args, finetuning_args, generating_args = _parse_train_args(args)"],
  [`${LF}/hparams/parser.py`, 220, "_parse_train_args", "return _parse_args(parser, args, allow_extra_keys=allow_extra_keys)"],
  [`${LF}/hparams/parser.py`, 80, "_parse_args", "return parser.parse_dict(args, allow_extra_keys=allow_extra_keys)"],
  [`${HF}/hf_argparser.py`, line, "parse_dict", code]];
const postInitFrames = (file, line, code) => [...hfFrames(390, "obj = dtype(**inputs)"), ["<string>", 140, "__init__", ""], [file, line, "__post_init__", code]];

function coerce(args) {
  for (const k of FLOATS) {
    const v = args[k];
    if (v === null || v === undefined || typeof v === "number") continue;
    if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) { args[k] = Number(v); continue; }
    throw new PyError("ValueError", `could not convert string to float: '${v}'`, postInitFrames(`${HF}/training_args.py`, 1702, `self.${k} = float(self.${k})`));
  }
  for (const k of INTS) {
    const v = args[k];
    if (v === null || v === undefined) continue;
    if (typeof v === "number" && Number.isInteger(v)) continue;
    if (typeof v === "number") throw new PyError("TypeError", "'float' object cannot be interpreted as an integer", postInitFrames(`${HF}/training_args.py`, 1710, `self.${k} = int(self.${k})`));
    if (typeof v === "string" && /^[-+]?\d+$/.test(v.trim())) { args[k] = Number(v); continue; }
    throw new PyError("ValueError", `invalid literal for int() with base 10: '${v}'`, postInitFrames(`${HF}/training_args.py`, 1710, `self.${k} = int(self.${k})`));
  }
  for (const k of BOOLS) {
    const v = args[k];
    if (v === null || v === undefined || typeof v === "boolean") continue;
    const s = String(v).toLowerCase();
    if (["yes", "true", "t", "y", "1"].includes(s)) { args[k] = true; continue; }
    if (["no", "false", "f", "n", "0"].includes(s)) { args[k] = false; continue; }
    throw new PyError("ValueError", `Truthy value expected: got ${v} but expected one of yes/no, true/false, t/f, y/n, 1/0 (case insensitive).`,
      hfFrames(385, "inputs = {k: v for k, v in args.items() if k in keys}").concat([[`${HF}/hf_argparser.py`, 62, "string_to_bool", "raise ArgumentTypeError("]]));
  }
}

const LOADER_FRAMES = () => [...PARSE_FRAMES.slice(0, 4),
  [`${LF}/train/tuner.py`, 78, "_training_function", "run_sft(model_args, data_args, training_args, finetuning_args, generating_args, callbacks)"],
  [`${LF}/train/sft/workflow.py`, 51, "run_sft", "dataset_module = get_dataset(template, model_args, data_args, training_args, stage=\"sft\", **tokenizer_module)"],
  [`${LF}/data/loader.py`, 303, "get_dataset", "dataset = _get_merged_dataset(data_args.dataset, model_args, data_args, training_args, stage)"],
  [`${LF}/data/loader.py`, 178, "_get_merged_dataset", "for dataset_name, dataset_attr in zip(dataset_names, get_dataset_list(dataset_names, data_args.dataset_dir)):"]];

/** data/parser.py get_dataset_list: dataset_info.json under dataset_dir (relative to the cwd), or fail. */
function readDatasetInfo(dir, cwd) {
  const shown = path.join(dir, "dataset_info.json");
  const file = path.resolve(cwd, shown);
  let text;
  try { text = fs.readFileSync(file, "utf8"); }
  catch (e) {
    const why = e.code === "ENOENT" ? `[Errno 2] No such file or directory: '${shown}'` : e.code === "EISDIR" ? `[Errno 21] Is a directory: '${shown}'` : `[Errno 13] Permission denied: '${shown}'`;
    throw new PyError("ValueError", `Cannot open ${shown} due to ${why}.`, [...LOADER_FRAMES(),
      [`${LF}/data/parser.py`, 118, "get_dataset_list", "raise ValueError(f\"Cannot open {os.path.join(dataset_dir, DATA_CONFIG)} due to {str(err)}.\")"]]);
  }
  try { return { file, info: JSON.parse(text) }; }
  catch (e) {
    throw new PyError("ValueError", `Cannot open ${shown} due to ${e.message}.`, [...LOADER_FRAMES(),
      [`${LF}/data/parser.py`, 118, "get_dataset_list", "raise ValueError(f\"Cannot open {os.path.join(dataset_dir, DATA_CONFIG)} due to {str(err)}.\")"]]);
  }
}

function countRows(file) {
  try {
    const text = fs.readFileSync(file, "utf8");
    if (file.endsWith(".jsonl")) return text.split("\n").filter((l) => l.trim()).length;
    if (file.endsWith(".json")) { const j = JSON.parse(text); return Array.isArray(j) ? j.length : 1; }
    return text.split("\n").filter((l) => l.trim()).length;
  } catch { return 1000; }
}

/** Only names the host's dataset_info.json defines exist; the registry adds curve traits for LF's stock ones. */
function resolveDatasets(names, custom) {
  return names.map((name) => {
    const e = custom.info[name];
    if (!e || typeof e !== "object") {
      throw new PyError("ValueError", `Undefined dataset ${name} in dataset_info.json.`, [...LOADER_FRAMES(),
        [`${LF}/data/parser.py`, 133, "get_dataset_list", "raise ValueError(f\"Undefined dataset {name} in {DATA_CONFIG}.\")"]]);
    }
    const known = DATASETS[name];
    if (known) return { name, ...known };
    const f = e.file_name ? path.resolve(path.dirname(custom.file), e.file_name) : null;
    return { name, path: f, size: f && fs.existsSync(f) ? countRows(f) : 1000, tokens: 300, l0: 1.6, lf: 0.95, ranking: !!e.ranking, kto: !!e.columns?.kto_tag };
  });
}

/** HfDeepSpeedConfig: a path to an existing JSON file (relative to the cwd), a dict, or base64 JSON. */
function checkDeepspeed(a, ctx) {
  if (a.deepspeed === null || a.deepspeed === undefined || a.deepspeed === "") return;
  if (typeof a.deepspeed === "object") return;
  const v = String(a.deepspeed);
  const file = path.resolve(ctx.cwd, v);
  let ok = false;
  if (fs.existsSync(file)) {
    try { JSON.parse(fs.readFileSync(file, "utf8")); ok = true; }
    catch (e) { throw new PyError("json.decoder.JSONDecodeError", e.message, postInitFrames(`${SITE}/transformers/integrations/deepspeed.py`, 72, "__init__", "config = json.load(f)")); }
  } else {
    try { JSON.parse(Buffer.from(v, "base64url").toString("utf8")); ok = true; } catch { ok = false; }
  }
  if (!ok) throw new PyError("ValueError", `Expected a string path to an existing deepspeed config, or a dictionary, or a base64 encoded string. Received: ${v}`,
    postInitFrames(`${SITE}/transformers/integrations/deepspeed.py`, 84, "__init__", "raise ValueError("));
  // parser.py: DeepSpeed needs a distributed launch; one GPU without torchrun is refused.
  if (ctx.env.RANK === undefined) throw new PyError("ValueError", "Please use `FORCE_TORCHRUN=1` to launch DeepSpeed training.",
    [...PARSE_FRAMES, [`${LF}/hparams/parser.py`, 291, "get_train_args", "raise ValueError(\"Please use `FORCE_TORCHRUN=1` to launch DeepSpeed training.\")"]]);
}

function splitNames(v) {
  if (v === null || v === undefined || v === "") return [];
  return (Array.isArray(v) ? v : String(v).split(",")).map((s) => String(s).trim()).filter(Boolean);
}

const ceilRatio = (v, total) => (v > 0 && v < 1 ? Math.ceil(total * v) : Math.trunc(v));

/**
 * @param {object} raw merged YAML + overrides (untagged)
 * @param {{env: object, cwd: string, world: number}} ctx
 */
const INSTALLED_KEYS = (() => {
  try {
    const v = JSON.parse(fs.readFileSync(new URL("../versions.json", import.meta.url), "utf8"));
    return Array.isArray(v.keys) && v.keys.length ? new Set(v.keys) : null;
  } catch { return null; }
})();

export function getTrainArgs(raw, ctx) {
  // The install's own key set (its LF + transformers versions), else the built-in one.
  const accepted = INSTALLED_KEYS ?? KNOWN_KEYS;
  const unknown = Object.keys(raw).filter((k) => !accepted.has(k));
  const allowExtra = /^(true|y|1)$/i.test(ctx.env.ALLOW_EXTRA_ARGS ?? "");
  if (unknown.length && !allowExtra) {
    throw new PyError("ValueError", `Some keys are not used by the HfArgumentParser: ${pyStrList(unknown.sort())}`,
      hfFrames(405, "raise ValueError(f\"Some keys are not used by the HfArgumentParser: {sorted(unused_keys)}\")"));
  }
  const a = { ...DEFAULTS, ...raw };
  coerce(a);

  if (!a.model_name_or_path) throw new PyError("ValueError", "Please provide `model_name_or_path`.", postInitFrames(`${LF}/hparams/model_args.py`, 181, "raise ValueError(\"Please provide `model_name_or_path`.\")"));
  if (!FINETUNING_TYPES.includes(a.finetuning_type)) throw new PyError("AssertionError", "Invalid fine-tuning method.", postInitFrames(`${LF}/hparams/finetuning_args.py`, 520, "assert self.finetuning_type in [\"lora\", \"oft\", \"freeze\", \"full\"], \"Invalid fine-tuning method.\""));
  if (!SCHEDULERS.includes(a.lr_scheduler_type)) throw new PyError("ValueError", `'${a.lr_scheduler_type}' is not a valid SchedulerType`, postInitFrames(`${HF}/training_args.py`, 1650, "self.lr_scheduler_type = SchedulerType(self.lr_scheduler_type)"));
  for (const k of ["eval_strategy", "save_strategy"]) {
    if (!INTERVALS.includes(a[k]) && !(k === "save_strategy" && a[k] === "best")) throw new PyError("ValueError", `'${a[k]}' is not a valid ${k === "eval_strategy" ? "IntervalStrategy" : "SaveStrategy"}`, postInitFrames(`${HF}/training_args.py`, 1612, `self.${k} = IntervalStrategy(self.${k})`));
  }
  if (a.bf16 && a.fp16) throw new PyError("ValueError", "At most one of fp16 and bf16 can be True, but not both", postInitFrames(`${HF}/training_args.py`, 1771, "raise ValueError(\"At most one of fp16 and bf16 can be True, but not both\")"));
  if (a.warmup_ratio < 0 || a.warmup_ratio > 1) throw new PyError("ValueError", "warmup_ratio must lie in range [0,1]", postInitFrames(`${HF}/training_args.py`, 1841, "raise ValueError(\"warmup_ratio must lie in range [0,1]\")"));
  if (a.logging_steps <= 0) throw new PyError("ValueError", "logging strategy IntervalStrategy.STEPS requires non-zero --logging_steps", postInitFrames(`${HF}/training_args.py`, 1690, "raise ValueError(f\"logging strategy {self.logging_strategy} requires non-zero --logging_steps\")"));
  if (a.eval_strategy === "steps" && a.eval_steps !== null && a.eval_steps <= 0) throw new PyError("ValueError", "evaluation strategy IntervalStrategy.STEPS requires either non-zero --eval_steps or --logging_steps", postInitFrames(`${HF}/training_args.py`, 1682, "raise ValueError("));
  if (a.save_strategy === "steps" && a.save_steps <= 0) throw new PyError("ValueError", "save strategy SaveStrategy.STEPS requires non-zero --save_steps", postInitFrames(`${HF}/training_args.py`, 1695, "raise ValueError("));
  if (a.eval_strategy !== "no") a.do_eval = true;
  checkDeepspeed(a, ctx);

  if (!STAGES.includes(a.stage)) throw new PyError("ValueError", `Unknown task: ${a.stage}.`, [...ENTRY_TUNER(), [`${LF}/train/tuner.py`, 96, "_training_function", "raise ValueError(f\"Unknown task: {finetuning_args.stage}.\")"]]);
  if (a.stage === "ppo" && !a.reward_model) throw valueError("Reward model is necessary for PPO training.");
  if (a.template !== null && !TEMPLATES.includes(a.template)) throw new PyError("ValueError", `Template ${a.template} does not exist.`, [...ENTRY_TUNER(),
    [`${LF}/train/sft/workflow.py`, 49, "run_sft", "template = get_template_and_fix_tokenizer(tokenizer, data_args)"],
    [`${LF}/data/template.py`, 597, "get_template_and_fix_tokenizer", "raise ValueError(f\"Template {data_args.template} does not exist.\")"]]);
  if (a.load_best_model_at_end && a.eval_strategy !== a.save_strategy) throw new PyError("ValueError", `--load_best_model_at_end requires the save and eval strategy to match, but found\n- Evaluation strategy: IntervalStrategy.${a.eval_strategy.toUpperCase()}\n- Save strategy: SaveStrategy.${a.save_strategy.toUpperCase()}`, postInitFrames(`${HF}/training_args.py`, 1723, "raise ValueError("));

  // Numeric sanity that torch / peft / datasets enforce.
  if (!(a.learning_rate >= 0)) throw new PyError("ValueError", `Invalid learning rate: ${a.learning_rate}`, [...ENTRY_TUNER(), [`${SITE}/torch/optim/adamw.py`, 36, "__init__", "raise ValueError(f\"Invalid learning rate: {lr}\")"]]);
  for (const k of ["per_device_train_batch_size", "per_device_eval_batch_size"]) {
    if (a[k] <= 0) throw new PyError("ValueError", `batch_size should be a positive integer value, but got batch_size=${a[k]}`, [...ENTRY_TUNER(), [`${SITE}/torch/utils/data/sampler.py`, 318, "__init__", "raise ValueError("]]);
  }
  if (a.gradient_accumulation_steps <= 0) throw valueError(`gradient_accumulation_steps must be a positive integer, got ${a.gradient_accumulation_steps}`);
  if (a.finetuning_type === "lora" && a.lora_rank <= 0) throw new PyError("ValueError", `\`r\` should be a positive integer value but the value passed is ${a.lora_rank}`, [...ENTRY_TUNER(), [`${SITE}/peft/tuners/lora/config.py`, 680, "__post_init__", "raise ValueError(f\"`r` should be a positive integer value but the value passed is {self.r}\")"]]);
  if (a.cutoff_len <= 0) throw valueError(`cutoff_len must be positive, got ${a.cutoff_len}`);
  if (a.max_samples !== null && a.max_samples <= 0) throw valueError(`max_samples must be positive, got ${a.max_samples}`);
  if (a.max_steps <= 0 && !(a.num_train_epochs > 0)) throw valueError(`num_train_epochs must be positive when max_steps is not set, got ${a.num_train_epochs}`);
  if (a.val_size < 0) throw valueError(`val_size must be non-negative, got ${a.val_size}`);
  if (a.early_stopping_steps !== null) {
    if (!a.metric_for_best_model) throw new PyError("AssertionError", "EarlyStoppingCallback requires metric_for_best_model to be defined", [...ENTRY_TUNER(), [`${HF}/trainer_callback.py`, 705, "on_train_begin", "assert args.metric_for_best_model is not None, ("]]);
    if (a.eval_strategy === "no") throw new PyError("AssertionError", "EarlyStoppingCallback requires IntervalStrategy of steps or epoch", [...ENTRY_TUNER(), [`${HF}/trainer_callback.py`, 709, "on_train_begin", "assert ("]]);
  }

  // Eval data rules (parser.py / loader.py).
  const evalNames = splitNames(a.eval_dataset);
  if (a.do_train && a.eval_strategy !== "no" && a.val_size < 1e-6 && evalNames.length === 0) throw valueError("Please make sure eval_dataset be provided or val_size >1e-6");
  if (a.val_size > 1e-6 && evalNames.length) throw valueError("Cannot specify `val_size` if `eval_dataset` is not None.");
  // parser.py _verify_model_args / get_train_args: the predict-side rules.
  if (a.adapter_name_or_path !== null && a.finetuning_type !== "lora") throw valueError("Adapter is only valid for the LoRA method.");
  if (a.stage === "sft" && a.do_predict && !a.predict_with_generate) throw valueError("Please enable `predict_with_generate` to save model predictions.");
  if ((a.do_eval || a.do_predict || a.predict_with_generate) && evalNames.length === 0 && a.val_size < 1e-6) throw valueError("Please make sure eval_dataset be provided or val_size >1e-6");
  if (a.predict_with_generate && a.compute_accuracy) throw valueError("Cannot use `predict_with_generate` and `compute_accuracy` together.");
  if (a.load_best_model_at_end && a.eval_strategy === "steps") {
    const evalSteps = a.eval_steps ?? a.logging_steps;
    if (a.save_steps % evalSteps !== 0) throw new PyError("ValueError", `--load_best_model_at_end requires the saving steps to be a round multiple of the evaluation steps, but found ${a.save_steps}, which is not a round multiple of ${evalSteps}.`, postInitFrames(`${HF}/training_args.py`, 1735, "raise ValueError("));
  }

  // Model: Hub id from the registry or an existing local folder.
  let model = MODELS[a.model_name_or_path];
  const localPath = path.resolve(ctx.cwd, String(a.model_name_or_path));
  if (!model && fs.existsSync(localPath) && fs.statSync(localPath).isDirectory()) model = { params: 1.5, skill: 1.05, local: true };
  if (!model) {
    const cause = new PyError("OSError", `${a.model_name_or_path} is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'\nIf this is a private repository, make sure to pass a token having permission to this repo either by logging in with \`hf auth login\` or by passing \`token=<your_token>\``,
      [[`${LF}/model/loader.py`, 82, "load_tokenizer", "tokenizer = AutoTokenizer.from_pretrained("],
        [`${HF}/models/auto/tokenization_auto.py`, 1069, "from_pretrained", "tokenizer_config = get_tokenizer_config(pretrained_model_name_or_path, **kwargs)"],
        [`${HF}/utils/hub.py`, 469, "cached_files", "raise OSError("]]);
    throw new PyError("OSError", "Failed to load tokenizer.", [...ENTRY_TUNER(),
      [`${LF}/train/sft/workflow.py`, 47, "run_sft", "tokenizer_module = load_tokenizer(model_args)"],
      [`${LF}/model/loader.py`, 97, "load_tokenizer", "raise OSError(\"Failed to load tokenizer.\") from e"]], cause);
  }

  // Datasets.
  const names = splitNames(a.dataset);
  if (a.do_train && names.length === 0) throw valueError("Please specify dataset for training.");
  const custom = names.length + evalNames.length ? readDatasetInfo(String(a.dataset_dir), ctx.cwd) : { file: "", info: {} };
  const trainSets = resolveDatasets(names, custom);
  const evalSets = resolveDatasets(evalNames, custom);
  for (const d of trainSets) {
    const needRanking = a.stage === "rm" || a.stage === "dpo";
    if (needRanking !== !!d.ranking || (a.stage === "kto") !== !!d.kto) throw valueError("The dataset is not applicable in the current training stage.");
  }

  return { args: a, model, trainSets, evalSets };
}

function ENTRY_TUNER() {
  return [...PARSE_FRAMES.slice(0, 4), [`${LF}/train/tuner.py`, 78, "_training_function", "run_sft(model_args, data_args, training_args, finetuning_args, generating_args, callbacks)"]];
}

/** Steps, intervals and data sizes as HF Trainer derives them. */
export function makePlan({ args: a, model, trainSets, evalSets }, world) {
  const cap = (n) => (a.max_samples ? Math.min(n, a.max_samples) : n);
  const sizes = trainSets.map((d) => cap(d.size));
  const total = sizes.reduce((s, n) => s + n, 0);
  let nTrain = total, nEval = 0;
  if (evalSets.length) nEval = evalSets.reduce((s, d) => s + cap(d.size), 0);
  else if (a.val_size > 1e-6) {
    const nTest = a.val_size > 1 ? Math.trunc(a.val_size) : Math.ceil(a.val_size * total);
    if (nTest >= total) throw new PyError("ValueError", `test_size=${a.val_size > 1 ? Math.trunc(a.val_size) : a.val_size} should be either positive and smaller than the number of samples ${total} or a float in the (0, 1) range`,
      [...ENTRY_TUNER(), [`${LF}/data/data_utils.py`, 96, "split_dataset", "dataset = dataset.train_test_split(test_size=val_size, seed=seed)"], [`${SITE}/datasets/arrow_dataset.py`, 4840, "train_test_split", "raise ValueError("]]);
    nEval = nTest; nTrain = total - nTest;
  }
  // Weighted dataset character drives the loss model.
  const w = (k) => trainSets.reduce((s, d, i) => s + d[k] * sizes[i], 0) / Math.max(1, total);
  const bs = a.per_device_train_batch_size, ga = a.gradient_accumulation_steps;
  const lenDataloader = Math.ceil(Math.ceil(nTrain / world) / bs);
  const updatesPerEpoch = Math.max(Math.floor(lenDataloader / ga) + (lenDataloader % ga > 0 ? 1 : 0), 1);
  const maxSteps = a.max_steps > 0 ? a.max_steps : Math.ceil(a.num_train_epochs * updatesPerEpoch);
  const numEpochs = a.max_steps > 0 ? Math.ceil(a.max_steps / updatesPerEpoch) : Math.ceil(a.num_train_epochs);
  const loggingSteps = Math.max(1, ceilRatio(a.logging_steps, maxSteps));
  const evalSteps = a.eval_steps !== null ? Math.max(1, ceilRatio(a.eval_steps, maxSteps)) : loggingSteps;
  const saveSteps = Math.max(1, ceilRatio(a.save_steps, maxSteps));
  const warmupSteps = a.warmup_steps > 0 ? (a.warmup_steps < 1 ? Math.ceil(a.warmup_steps * maxSteps) : Math.trunc(a.warmup_steps)) : Math.ceil(a.warmup_ratio * maxSteps);
  const tokensPerSample = Math.min(a.cutoff_len, Math.round(w("tokens")));
  const trainable = a.finetuning_type === "lora" ? Math.round(model.params * 1e9 * 0.0012 * (a.lora_rank / 8)) : a.finetuning_type === "freeze" ? Math.round(model.params * 1e9 * 0.08) : Math.round(model.params * 1e9);
  return {
    nTrain, nEval, world, bs, ga, effBatch: bs * ga * world, lenDataloader, updatesPerEpoch, maxSteps, numEpochs,
    loggingSteps, evalSteps, saveSteps, warmupSteps, tokensPerSample, trainable, allParams: Math.round(model.params * 1e9),
    evalBatches: nEval ? Math.ceil(Math.ceil(nEval / world) / a.per_device_eval_batch_size) : 0,
    data: { l0: w("l0"), lf: w("lf"), tokens: w("tokens") },
    memoryMiB: estimateMemoryMiB(a, model, world),
  };
}

function estimateMemoryMiB(a, model, world) {
  const p = model.params;
  const weightBytes = a.quantization_bit ? p * (a.quantization_bit / 8 + 0.05) : p * 2;
  let gb = a.finetuning_type === "full" ? p * 16 : weightBytes + (a.finetuning_type === "freeze" ? p * 1.5 : p * 0.12);
  if (a.finetuning_type === "full" && a.deepspeed && /z3|zero3/i.test(String(a.deepspeed))) gb = p * 2 + (p * 14) / world;
  gb += 1.2 + (a.per_device_train_batch_size * Math.min(a.cutoff_len, 4096) * p) / 6000;
  return Math.round(gb * 1024);
}
