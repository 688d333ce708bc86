// One training process (run_exp → run_sft → Trainer.train): in-process for a single GPU, or one
// torchrun rank. Rank 0 writes every file; other ranks only hold their GPU and keep pace.
import fs from "node:fs";
import path from "node:path";
import { Console, openRunningLog } from "./console-out.mjs";
import { buildTrajectory } from "./curve-model.mjs";
import { isAlive, listHolders, readHost, registerGpu, setUtilization, visibleDevices } from "./host-config.mjs";
import { parsePyJson, readArgs } from "./load-config.mjs";
import { TrainerLogWriter } from "./log-writer.mjs";
import { listCheckpoints, rotateCheckpoints, saveMetrics, TINY_PNG, trainerStateJson, writeModelFiles } from "./output-files.mjs";
import { ENTRY_FRAMES, formatTraceback, LF, PyError, SITE, valueError } from "./py-error.mjs";
import { commas, int, pyFloat, pyJson, pyLogDict, pyTimedelta } from "./py-format.mjs";
import { getTrainArgs, makePlan } from "./train-args.mjs";
import { runPredict } from "./predict-worker.mjs";
import { joinGroup } from "./collective.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const HF = `${SITE}/transformers`;
const TRAIN_FRAMES = [...ENTRY_FRAMES,
  [`${LF}/train/tuner.py`, 78, "_training_function", "run_sft(model_args, data_args, training_args, finetuning_args, generating_args, callbacks)"],
  [`${LF}/train/sft/workflow.py`, 101, "run_sft", "train_result = trainer.train(resume_from_checkpoint=training_args.resume_from_checkpoint)"],
  [`${HF}/trainer.py`, 2325, "train", "return inner_training_loop("],
  [`${HF}/trainer.py`, 2674, "_inner_training_loop", "tr_loss_step = self.training_step(model, inputs, num_items_in_batch)"]];

/** Python round(x, n): half-to-even on exact ties, like CPython's correctly rounded round(). */
export function pyRound(x, n) {
  if (!Number.isFinite(x)) return x;
  const m = 10 ** n;
  const y = x * m;
  const f = Math.floor(y);
  if (y - f === 0.5) return (f % 2 === 0 ? f : f + 1) / m;
  return Math.round(y) / m;
}

const enabled = (v) => /^(true|y|1)$/i.test(v ?? "");

export function fail(err) {
  process.stderr.write(formatTraceback(err));
  process.exitCode = 1;
}

function resolveResume(a, outDir) {
  if (a.resume_from_checkpoint !== null && a.resume_from_checkpoint !== false) {
    if (a.resume_from_checkpoint === true) {
      const last = listCheckpoints(outDir).pop();
      if (!last) throw new PyError("ValueError", `No valid checkpoint found in output directory (${a.output_dir})`, [...TRAIN_FRAMES.slice(0, 6), [`${HF}/trainer.py`, 2229, "train", "raise ValueError(f\"No valid checkpoint found in output directory ({args.output_dir})\")"]]);
      return { dir: last.dir, auto: false };
    }
    const dir = path.resolve(String(a.resume_from_checkpoint));
    if (!fs.existsSync(path.join(dir, "trainer_state.json"))) {
      throw new PyError("ValueError", `Can't find a valid checkpoint at ${a.resume_from_checkpoint}`, [...TRAIN_FRAMES.slice(0, 6), [`${HF}/trainer.py`, 2236, "train", "raise ValueError(f\"Can't find a valid checkpoint at {resume_from_checkpoint}\")"]]);
    }
    return { dir, auto: false };
  }
  if (a.do_train && !a.overwrite_output_dir && fs.existsSync(outDir) && fs.statSync(outDir).isDirectory()) {
    const last = listCheckpoints(outDir).pop();
    const weights = ["adapter_model.safetensors", "adapter_model.bin", "model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json"];
    if (!last && weights.some((w) => fs.existsSync(path.join(outDir, w)))) {
      throw valueError("Output directory already exists and is not empty. Please set `overwrite_output_dir`.");
    }
    if (last) return { dir: last.dir, auto: true };
  }
  return null;
}

function epochAt(s, plan) {
  const idx = Math.floor((s - 1) / plan.updatesPerEpoch);
  const within = s - idx * plan.updatesPerEpoch;
  return idx + Math.min(within * plan.ga, plan.lenDataloader) / plan.lenDataloader;
}

function secsToHms(secs) {
  const ms = Math.floor((secs - Math.floor(secs)) * 100);
  return `${pyTimedelta(secs)}.${String(ms).padStart(2, "0")}`;
}

export function logMetrics(con, split, metrics) {
  con.hf("trainer.py", 4075, `***** ${split} metrics *****`);
  const fmt = {};
  for (const [k, v] of Object.entries(metrics)) {
    if (k.endsWith("_runtime")) fmt[k] = secsToHms(v);
    else if (k === "total_flos") fmt[k] = `${Math.floor(v / 2 ** 30)}GF`;
    else if (k === "num_input_tokens_seen") fmt[k] = String(v);
    else fmt[k] = pyFloat(pyRound(v, 4));
  }
  const kw = Math.max(...Object.keys(fmt).map((k) => k.length));
  const vw = Math.max(...Object.values(fmt).map((v) => v.length));
  for (const k of Object.keys(fmt).sort()) con.print(`  ${k.padEnd(kw)} = ${fmt[k].padStart(vw)}`);
}

/**
 * @param {{argv: string[], rank: number, world: number, localRank: number, env: object, cwd: string}} o
 */
export async function runWorker({ argv, rank, world, localRank, env, cwd }) {
  const host = readHost();
  const con = new Console({ rank });
  let abortRequested = false;
  // First thing: the agent may already have news for a multi-node rank (a peer that died while we load).
  const group = joinGroup({ rank, env, stepSeconds: host.stepSeconds, aborted: () => abortRequested, beforeFail: () => con.endBar() });
  let ctx;
  try {
    const raw = readArgs(argv, cwd);
    ctx = getTrainArgs(raw, { env, cwd, world });
  } catch (e) {
    if (e instanceof PyError) return fail(e);
    throw e;
  }
  const a = ctx.args;
  const outDir = path.resolve(cwd, String(a.output_dir));
  let runningLog = null;
  const rl = openRunningLog(env);
  if (rl && rl.error) {
    return fail(new PyError("TypeError", "expected str, bytes or os.PathLike object, not NoneType", [...ENTRY_FRAMES,
      [`${LF}/train/tuner.py`, 104, "run_exp", "callbacks.append(LogCallback())"],
      [`${LF}/train/callbacks.py`, 223, "__init__", "self.webui_mode = is_env_enabled(\"LLAMABOARD_ENABLED\")"],
      [`${LF}/extras/logging.py`, 42, "__init__", "self.running_log = os.path.join(output_dir, RUNNING_LOG)"],
      ["<frozen posixpath>", 76, "join", ""]]));
  }
  if (rl && rank === 0) runningLog = rl;
  con.runningLog = runningLog;

  let plan, resume, traj;
  try {
    plan = makePlan(ctx, world);
    resume = resolveResume(a, outDir);
    traj = buildTrajectory(a, plan, ctx.model);
  } catch (e) {
    if (e instanceof PyError) return fail(e);
    throw e;
  }

  const dtype = a.bf16 ? "torch.bfloat16" : a.fp16 ? "torch.float16" : "torch.float32";
  // Every rank prints its own "Process rank" line (logger.info, not info_rank0).
  con.lf("llamafactory.hparams.parser", 468, `Process rank: ${rank}, world size: ${world}, device: cuda:${localRank}, distributed training: ${world > 1 ? "True" : "False"}, compute dtype: ${dtype}`, "INFO", true);
  if (resume?.auto) {
    con.lf("llamafactory.hparams.parser", 427, `Resuming training from ${path.relative(cwd, resume.dir) || resume.dir}.`);
    con.lf("llamafactory.hparams.parser", 428, "Change `output_dir` or use `overwrite_output_dir` to avoid.");
  }

  // GPU: CUDA_VISIBLE_DEVICES must name real GPUs; this rank's memory must fit.
  const vis = visibleDevices(host, env);
  if (!vis.ok || vis.ids[localRank] === undefined) {
    const frames = [...TRAIN_FRAMES.slice(0, 5), [`${LF}/train/sft/workflow.py`, 52, "run_sft", "model = load_model(tokenizer, model_args, finetuning_args, training_args.do_train)"], [`${SITE}/torch/cuda/__init__.py`, 372, "_lazy_init", "torch._C._cuda_init()"]];
    return fail(vis.reason === "none"
      ? new PyError("RuntimeError", "No CUDA GPUs are available", frames)
      : new PyError("RuntimeError", "CUDA error: invalid device ordinal\nCUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.\nFor debugging consider passing CUDA_LAUNCH_BLOCKING=1\nCompile with `TORCH_USE_CUDA_DSA` to enable device-side assertions.\n", frames));
  }
  const gpuIndex = vis.ids[localRank];
  const gpu = host.gpus[gpuIndex];
  const used = listHolders().filter((h) => h.index === gpuIndex && h.pid !== process.pid).reduce((s, h) => s + h.memoryMiB, 0);
  const free = gpu.memoryMiB - used;

  // Data loading chatter (rank 0), then the model load that may OOM.
  con.hf("tokenization_utils_base.py", 2060, `loading file tokenizer.json from cache at /root/.cache/huggingface/hub/models--${String(a.model_name_or_path).replace(/\//g, "--")}/snapshots/main/tokenizer.json`);
  for (const d of [...ctx.trainSets, ...ctx.evalSets]) con.lf("llamafactory.data.loader", 143, d.file ? `Loading dataset ${d.file}...` : `Loading dataset ${d.hub}...`);
  if (plan.memoryMiB > free) {
    const gib = (m) => (m / 1024).toFixed(2);
    return fail(new PyError("torch.OutOfMemoryError", `CUDA out of memory. Tried to allocate ${gib(Math.min(plan.memoryMiB, 2048))} GiB. GPU ${localRank} has a total capacity of ${gib(gpu.memoryMiB)} GiB of which ${gib(Math.max(0, free))} GiB is free. Including non-PyTorch memory, this process has ${gib(Math.max(0, plan.memoryMiB - 2048))} GiB memory in use. Of the allocated memory ${gib(Math.max(0, plan.memoryMiB - 2300))} GiB is allocated by PyTorch, and 212.45 MiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  See documentation for Memory Management  (https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)`,
      [...TRAIN_FRAMES.slice(0, 5), [`${LF}/train/sft/workflow.py`, 52, "run_sft", "model = load_model(tokenizer, model_args, finetuning_args, training_args.do_train)"], [`${SITE}/torch/nn/modules/module.py`, 1355, "convert", "return t.to("]]));
  }
  const gpuFile = registerGpu(gpuIndex, Math.round(plan.memoryMiB * 0.45), gpu.name);

  // Signals: webui-mode SIGABRT stops at the next step boundary; Ctrl-C raises KeyboardInterrupt.
  if (enabled(env.LLAMABOARD_ENABLED)) process.on("SIGABRT", () => { abortRequested = true; });
  process.on("SIGINT", () => {
    con.endBar();
    process.stderr.write(formatTraceback(new PyError("KeyboardInterrupt", "", TRAIN_FRAMES)));
    process.removeAllListeners("SIGINT");
    process.kill(process.pid, "SIGINT");
  });
  if (world > 1) {
    // torchrun gone without us being told to stop: no one will rendezvous again; don't keep the GPU.
    // Seen on two checks in a row: a LLaMA-Board abort signals us and torchrun together, and this timer
    // can run before the SIGABRT handler has had its turn of the event loop.
    const parent = process.ppid;
    let orphanChecks = 0;
    setInterval(() => {
      orphanChecks = !abortRequested && (process.ppid !== parent || !isAlive(parent)) ? orphanChecks + 1 : 0;
      if (orphanChecks >= 2) process.kill(process.pid, "SIGKILL");
    }, 250).unref();
  }

  const isMain = rank === 0;
  const logPath = path.join(outDir, "trainer_log.jsonl");
  if (isMain) {
    fs.mkdirSync(outDir, { recursive: true });
    if (a.overwrite_output_dir && fs.existsSync(logPath)) {
      fs.rmSync(logPath);
      con.lf("llamafactory.train.callbacks", 243, "Previous trainer log in this folder will be deleted.", "WARNING");
    }
  }
  if (a.gradient_checkpointing !== false) con.lf("llamafactory.model.model_utils.checkpointing", 143, "Gradient checkpointing enabled.");
  con.lf("llamafactory.model.model_utils.attention", 143, "Using torch SDPA for faster training and inference.");
  const method = { lora: "LoRA", oft: "OFT", freeze: "Freeze", full: "Full" }[a.finetuning_type];
  con.lf("llamafactory.model.adapter", 143, `Fine-tuning method: ${method}`);
  con.lf("llamafactory.model.loader", 143, `trainable params: ${commas(plan.trainable)} || all params: ${commas(plan.allParams + (a.finetuning_type === "lora" ? plan.trainable : 0))} || trainable%: ${(100 * plan.trainable / (plan.allParams + (a.finetuning_type === "lora" ? plan.trainable : 0))).toFixed(4)}`);
  con.hf("trainer.py", 748, "Using auto half precision backend");
  // No do_train: run_sft goes straight to evaluate()/predict() (an eval or predict-only run).
  if (!a.do_train) {
    try {
      await runPredict({ a, ctx, host, con, outDir, cwd, rank, world, gpuFile, plan });
    } catch (e) {
      if (e instanceof PyError) return fail(e);
      throw e;
    }
    return group?.finish();
  }

  // State, possibly restored from a checkpoint.
  const st = { globalStep: 0, logHistory: [], tokens: 0, bestMetric: null, bestGlobalStep: null, bestModelCheckpoint: null, esCounter: 0 };
  if (resume) {
    try {
      const s = parsePyJson(fs.readFileSync(path.join(resume.dir, "trainer_state.json"), "utf8"));
      Object.assign(st, { globalStep: s.global_step, logHistory: s.log_history ?? [], tokens: s.num_input_tokens_seen ?? 0, bestMetric: s.best_metric ?? null, bestGlobalStep: s.best_global_step ?? null, bestModelCheckpoint: s.best_model_checkpoint ?? null });
      st.esCounter = s.stateful_callbacks?.EarlyStoppingCallback?.attributes?.early_stopping_patience_counter ?? 0;
    } catch (e) {
      return fail(new PyError("json.decoder.JSONDecodeError", `trainer_state.json in ${resume.dir}: ${e.message}`, TRAIN_FRAMES.slice(0, 7)));
    }
  }

  // DDP wraps the model: every rank of every node meets here before step 1.
  if (group) await group.sync("init");
  con.hf("trainer.py", 2409, "***** Running training *****");
  con.hf("trainer.py", 2410, `  Num examples = ${commas(plan.nTrain)}`);
  con.hf("trainer.py", 2411, `  Num Epochs = ${commas(plan.numEpochs)}`);
  con.hf("trainer.py", 2412, `  Instantaneous batch size per device = ${commas(plan.bs)}`);
  con.hf("trainer.py", 2415, `  Total train batch size (w. parallel, distributed & accumulation) = ${commas(plan.effBatch)}`);
  con.hf("trainer.py", 2416, `  Gradient Accumulation steps = ${plan.ga}`);
  con.hf("trainer.py", 2417, `  Total optimization steps = ${commas(plan.maxSteps)}`);
  con.hf("trainer.py", 2418, `  Number of trainable parameters = ${commas(plan.trainable)}`);
  if (resume) {
    con.hf("trainer.py", 2440, "  Continuing training from checkpoint, will skip to saved global_step");
    con.hf("trainer.py", 2441, `  Continuing training from epoch ${Math.floor(st.globalStep / plan.updatesPerEpoch)}`);
    con.hf("trainer.py", 2442, `  Continuing training from global step ${st.globalStep}`);
  }

  setUtilization(gpuFile, 97, plan.memoryMiB);
  const withTokens = !!a.include_num_input_tokens_seen;
  const writer = isMain ? new TrainerLogWriter(logPath, { splitGapMs: Math.round(Math.min(250, Math.max(20, host.stepSeconds * 3000))) }) : null;
  const t0 = Date.now();
  const elapsed = () => Math.max(1e-3, (Date.now() - t0) / 1000);
  const tokensSinceStart = st.tokens;
  const dpo = a.stage === "dpo" || a.stage === "kto";

  function writeLine(kind, entry, step) {
    if (!isMain) return;
    const e = elapsed();
    const cur = step, max = plan.maxSteps;
    const rem = ((max - cur) * (cur ? e / cur : 0));
    const logs = {
      current_steps: int(cur), total_steps: int(max),
      loss: kind === "train" ? entry.loss : undefined,
      eval_loss: kind === "eval" ? entry.eval_loss : undefined,
      accuracy: kind === "train" && dpo ? entry["rewards/accuracies"] : undefined,
      lr: kind === "train" ? entry.learning_rate : undefined,
      epoch: entry.epoch,
      percentage: max ? pyRound((cur / max) * 100, 2) : int(100),
      elapsed_time: pyTimedelta(e), remaining_time: pyTimedelta(rem),
      throughput: withTokens && st.tokens ? pyRound(st.tokens / e, 2) : undefined,
      total_tokens: withTokens && st.tokens ? int(st.tokens) : undefined,
    };
    writer.append(pyJson(logs));
    if (runningLog && kind === "train") {
      con._running("INFO", "callbacks.py", 261, pyLogDict([["loss", pyRound(entry.loss, 4)], ["learning_rate", entry.learning_rate], ["epoch", pyRound(entry.epoch, 2)], ...(withTokens ? [["throughput", pyRound(st.tokens / e, 2)]] : [])]).replace(/'(-?[\d.e+-]+|nan)'/g, "$1"));
    }
  }

  // With eval_on_each_dataset and several eval sets HF evaluates each one under its own prefix
  // (eval_<name>_loss, ...), one log entry per set; compute_accuracy adds eval_accuracy (metric.py).
  const perSet = a.eval_on_each_dataset && ctx.evalSets.length > 1 ? ctx.evalSets : null;
  function evalMetrics(prefix, evalLoss, n, step) {
    const batches = Math.max(1, Math.ceil(Math.ceil(n / world) / a.per_device_eval_batch_size));
    const runtime = Math.max(0.01, batches * host.stepSeconds * 0.15);
    return {
      epoch: step ? epochAt(step, plan) : 0, [`${prefix}_loss`]: evalLoss,
      ...(a.compute_accuracy ? { [`${prefix}_accuracy`]: Number.isFinite(evalLoss) ? Math.min(0.99, Math.max(0.01, 0.97 - 0.32 * evalLoss)) : NaN } : {}),
      [`${prefix}_runtime`]: pyRound(runtime, 4),
      [`${prefix}_samples_per_second`]: pyRound(n / runtime, 3), [`${prefix}_steps_per_second`]: pyRound(batches / runtime, 3),
      ...(withTokens ? { num_input_tokens_seen: st.tokens } : {}),
    };
  }
  /** One metrics dict per HF log call of this evaluation. */
  function evaluateAll(step) {
    const evalLoss = traj.evalAt(step);
    if (!perSet) return [evalMetrics("eval", evalLoss, plan.nEval, step)];
    const total = plan.nEval || 1;
    return perSet.map((d, i) => {
      const n = Math.max(1, Math.round((a.max_samples ? Math.min(d.size, a.max_samples) : d.size)));
      // Each set sits at its own level around the pooled loss (the sizes weight them back to it).
      const shift = (i - (perSet.length - 1) / 2) * 0.12 * (n / total + 0.5);
      return evalMetrics(`eval_${d.name}`, evalLoss + shift, n, step);
    });
  }
  const runtimeOf = (ms) => ms.reduce((s, m) => s + (Object.entries(m).find(([k]) => k.endsWith("_runtime"))?.[1] ?? 0), 0);

  function printEval(m) {
    con.print(pyLogDict(Object.entries(m).filter(([k]) => k !== "epoch" && k !== "num_input_tokens_seen").concat([["epoch", m.epoch]], withTokens ? [["num_input_tokens_seen", int(m.num_input_tokens_seen)]] : [])));
  }

  function stateSnapshot(extra = {}) {
    return {
      bestGlobalStep: st.bestGlobalStep, bestMetric: st.bestMetric, bestModelCheckpoint: st.bestModelCheckpoint,
      epoch: st.globalStep ? epochAt(st.globalStep, plan) : 0, evalSteps: plan.evalSteps, globalStep: st.globalStep,
      logHistory: st.logHistory, loggingSteps: plan.loggingSteps, maxSteps: plan.maxSteps, numInputTokensSeen: st.tokens,
      numTrainEpochs: plan.numEpochs, saveSteps: plan.saveSteps, totalFlos: 6 * st.tokens * plan.allParams,
      trainBatchSize: plan.bs, earlyStopping: a.early_stopping_steps ? { patience: a.early_stopping_steps, counter: st.esCounter } : null,
      ...extra,
    };
  }

  function saveCheckpoint(step) {
    if (!isMain) return;
    const dir = path.join(outDir, `checkpoint-${step}`);
    con.hf("trainer.py", 4309, `Saving model checkpoint to ${path.relative(cwd, dir) || dir}`);
    const metricKey = a.metric_for_best_model ? (a.metric_for_best_model.startsWith("eval_") ? a.metric_for_best_model : `eval_${a.metric_for_best_model}`) : null;
    if (metricKey && st.bestGlobalStep === step) st.bestModelCheckpoint = dir;
    writeModelFiles(dir, a, { includeTrainingState: true, world, localWorld: Number(env.LOCAL_WORLD_SIZE ?? world) });
    fs.writeFileSync(path.join(dir, "trainer_state.json"), trainerStateJson(stateSnapshot()));
    const removed = rotateCheckpoints(outDir, a.save_total_limit, a.load_best_model_at_end ? st.bestModelCheckpoint : null);
    for (const r of removed) con.hf("trainer.py", 4185, `Deleting older checkpoint [${path.relative(cwd, r) || r}] due to args.save_total_limit`);
  }

  const lossKey = "eval_loss";
  const metricName = a.metric_for_best_model ? (String(a.metric_for_best_model).startsWith("eval_") ? String(a.metric_for_best_model) : `eval_${a.metric_for_best_model}`) : lossKey;
  const greater = a.greater_is_better ?? false;
  const evalEvery = (s) => (a.eval_strategy === "steps" && s % plan.evalSteps === 0) || (a.eval_strategy === "epoch" && (s % plan.updatesPerEpoch === 0 || s === plan.maxSteps));
  const saveEvery = (s) => (a.save_strategy === "steps" && (s % plan.saveSteps === 0 || s === plan.maxSteps)) || (a.save_strategy === "epoch" && (s % plan.updatesPerEpoch === 0 || s === plan.maxSteps));

  let trLoss = 0, lastLogged = st.globalStep, totalLossScalar = 0;
  let stopEarly = false;
  let lastBar = 0;
  con.bar(st.globalStep, plan.maxSteps, 0);
  const startStep = st.globalStep;
  for (let s = startStep + 1; s <= plan.maxSteps; s++) {
    await sleep(host.stepSeconds * 1000 * (0.95 + 0.1 * ((s * 7919) % 13) / 13));
    if (group) await group.sync("step");
    st.globalStep = s;
    st.tokens += traj.tokens[s];
    const l = traj.loss[s];
    // HF's logging_nan_inf_filter, per micro-batch, while global_step still counts the previous step: a
    // non-finite loss adds the window's running per-step mean instead, so a window whose every step is
    // NaN logs exactly 0.0 (and one that blew up mid-window logs an inflated but finite mean).
    if (a.logging_nan_inf_filter && !Number.isFinite(l)) trLoss *= (1 + 1 / (s - lastLogged)) ** plan.ga;
    else trLoss += l;
    let shouldStop = abortRequested;
    if (Date.now() - lastBar > 100 || s === plan.maxSteps) { con.bar(s, plan.maxSteps, elapsed() * (s - startStep) / Math.max(1, s - startStep)); lastBar = Date.now(); }

    if (s % plan.loggingSteps === 0 || (a.logging_first_step && s === 1)) {
      const loss = trLoss / (s - lastLogged);
      totalLossScalar += trLoss;
      // `tr_loss -= tr_loss`: without the filter a NaN never leaves the accumulator.
      trLoss -= trLoss;
      lastLogged = s;
      const entry = { loss, grad_norm: traj.gradNorm[s], learning_rate: traj.lr[s], epoch: epochAt(s, plan) };
      if (dpo) entry["rewards/accuracies"] = traj.accuracy[s];
      if (withTokens) Object.assign(entry, { num_input_tokens_seen: st.tokens, train_runtime: pyRound(elapsed(), 4), train_tokens_per_second: pyRound((st.tokens - tokensSinceStart) / elapsed(), 3) });
      st.logHistory.push({ ...entry, step: s });
      con.print(pyLogDict(Object.entries(entry).map(([k, v]) => [k, k === "num_input_tokens_seen" ? int(v) : v])));
      writeLine("train", entry, s);
    }
    if (evalEvery(s) && plan.nEval > 0) {
      setUtilization(gpuFile, 64);
      const ms = evaluateAll(s);
      const secs = runtimeOf(ms);
      await sleep(secs * 1000);
      setUtilization(gpuFile, 97);
      con.evalBar(plan.evalBatches, secs);
      for (const m of ms) {
        printEval(m);
        st.logHistory.push({ ...m, step: s });
        writeLine("eval", m, s);
      }
      if (a.metric_for_best_model) {
        const merged = Object.assign({}, ...ms);
        const v = merged[metricName] ?? merged[lossKey];
        const better = st.bestMetric === null ? !Number.isNaN(v) : greater ? v > st.bestMetric : v < st.bestMetric;
        if (better) { st.bestMetric = v; st.bestGlobalStep = s; st.esCounter = 0; }
        else st.esCounter += 1;
        if (a.early_stopping_steps && st.esCounter >= a.early_stopping_steps) { shouldStop = true; stopEarly = true; }
      }
    }
    if (saveEvery(s) || (a.save_strategy === "best" && st.bestGlobalStep === s)) saveCheckpoint(s);
    if (shouldStop) break;
  }
  group?.leave();
  con.endBar();

  // End of train(): summary log, LogCallback pool shutdown, then the workflow's saves and final eval.
  const runtime = elapsed();
  const trained = Math.max(st.globalStep, 0.001);
  totalLossScalar += trLoss;
  const trainLoss = totalLossScalar / trained;
  const nSamples = a.max_steps > 0 ? plan.maxSteps * plan.effBatch : plan.nTrain * a.num_train_epochs;
  const trainMetrics = {
    train_runtime: pyRound(runtime, 4), train_samples_per_second: pyRound(nSamples / runtime, 3),
    train_steps_per_second: pyRound(plan.maxSteps / runtime, 3), total_flos: 6 * st.tokens * plan.allParams,
    train_loss: trainLoss, epoch: st.globalStep ? epochAt(st.globalStep, plan) : 0,
    ...(withTokens ? { num_input_tokens_seen: st.tokens } : {}),
  };
  con.hf("trainer.py", 2676, "\n\nTraining completed. Do not forget to share your model on huggingface.co/models =)\n\n");
  st.logHistory.push({ ...Object.fromEntries(Object.entries(trainMetrics).filter(([k]) => k !== "train_loss" || true)), step: st.globalStep });
  con.print(pyLogDict([["train_runtime", trainMetrics.train_runtime], ["train_samples_per_second", trainMetrics.train_samples_per_second], ["train_steps_per_second", trainMetrics.train_steps_per_second], ["train_loss", trainMetrics.train_loss], ["epoch", trainMetrics.epoch], ...(withTokens ? [["num_input_tokens_seen", int(st.tokens)]] : [])]));
  writeLine("summary", { epoch: trainMetrics.epoch }, st.globalStep);
  if (writer) await writer.close();

  if (isMain) {
    con.hf("trainer.py", 3993, `Saving model checkpoint to ${path.relative(cwd, outDir) || outDir}`);
    writeModelFiles(outDir, a, { world });
    logMetrics(con, "train", trainMetrics);
    saveMetrics(outDir, "train", trainMetrics);
    fs.writeFileSync(path.join(outDir, "trainer_state.json"), trainerStateJson(stateSnapshot({ finalSave: true, trainingStop: true })));
    if (a.plot_loss) {
      fs.writeFileSync(path.join(outDir, "training_loss.png"), TINY_PNG);
      con.lf("llamafactory.extras.ploting", 105, `Figure saved at: ${path.join(path.relative(cwd, outDir) || outDir, "training_loss.png")}`);
      if (st.logHistory.some((e) => "eval_loss" in e)) {
        fs.writeFileSync(path.join(outDir, "training_eval_loss.png"), TINY_PNG);
        con.lf("llamafactory.extras.ploting", 105, `Figure saved at: ${path.join(path.relative(cwd, outDir) || outDir, "training_eval_loss.png")}`);
      } else con.lf("llamafactory.extras.ploting", 100, "No metric eval_loss to plot.", "WARNING");
      if (st.logHistory.some((e) => "eval_accuracy" in e)) {
        fs.writeFileSync(path.join(outDir, "training_eval_accuracy.png"), TINY_PNG);
        con.lf("llamafactory.extras.ploting", 105, `Figure saved at: ${path.join(path.relative(cwd, outDir) || outDir, "training_eval_accuracy.png")}`);
      } else con.lf("llamafactory.extras.ploting", 100, "No metric eval_accuracy to plot.", "WARNING");
    }
  }
  if (a.do_eval && plan.nEval > 0) {
    con.hf("trainer.py", 4327, "\n***** Running Evaluation *****");
    con.hf("trainer.py", 4329, `  Num examples = ${commas(plan.nEval)}`);
    con.hf("trainer.py", 4332, `  Batch size = ${a.per_device_eval_batch_size}`);
    const ms = evaluateAll(st.globalStep);
    const secs = runtimeOf(ms);
    await sleep(secs * 1000);
    con.evalBar(plan.evalBatches, secs);
    for (const m of ms) printEval(m);
    // evaluate() over a dict of sets returns every set's metrics merged (one eval_results.json).
    const m = Object.assign({}, ...ms);
    if (isMain) {
      logMetrics(con, "eval", m);
      saveMetrics(outDir, "eval", m);
    }
  }
  if (stopEarly) con.lf("llamafactory.train.sft.workflow", 110, `Early stopping triggered at step ${st.globalStep}.`);
  setUtilization(gpuFile, 0);
  process.exitCode = 0;
  await group?.finish();
}
