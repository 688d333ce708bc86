// run_sft without do_train (train/sft/workflow.py): optional evaluate(), then predict() over the eval
// set with generation, save_metrics("predict") and CustomSeq2SeqTrainer.save_predictions, which writes
// generated_predictions.jsonl ({"prompt", "predict", "label"}, ensure_ascii=False). LogCallback writes a
// progress line every 5 prediction steps (no loss, lr or epoch). The adapter's own trainer_state.json
// decides how close the simulated generations come to the labels: a better checkpoint scores higher.
import fs from "node:fs";
import path from "node:path";
import { TrainerLogWriter } from "./log-writer.mjs";
import { saveMetrics } from "./output-files.mjs";
import { parsePyJson } from "./load-config.mjs";
import { PyError, SITE } from "./py-error.mjs";
import { commas, int, pyJson, pyTimedelta } from "./py-format.mjs";
import { meanScores, similarity } from "./similarity.mjs";
import { setUtilization } from "./host-config.mjs";
import { logMetrics } from "./train-worker.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const WORDS = ["the", "model", "answers", "with", "a", "short", "clear", "reply", "about", "data", "training", "steps", "and", "its", "result", "is", "good", "for", "users", "who", "ask"];

/** A deterministic generator per (seed, i), so a rerun of the same checkpoint writes the same file. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

function rowsOf(d, cap) {
  let items = null;
  if (d.path) {
    try {
      const text = fs.readFileSync(d.path, "utf8");
      items = d.path.endsWith(".jsonl") ? text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)) : JSON.parse(text);
    } catch { items = null; }
  }
  const n = Math.min(cap ?? d.size, d.size);
  const out = [];
  for (let i = 0; i < n; i++) {
    const it = Array.isArray(items) ? items[i] : null;
    const q = it?.instruction ?? it?.conversations?.[0]?.value ?? `Question ${i + 1} from ${d.name}: what does step ${i * 7 + 3} of the pipeline do?`;
    const a = it?.output ?? it?.conversations?.[1]?.value ?? `Step ${i * 7 + 3} of the ${d.name} pipeline checks the inputs, writes a short summary and passes the result to the next stage.`;
    out.push({ q: String(q), a: String(a) });
  }
  return out;
}

/** The prompt as LF decodes input_ids with skip_special_tokens=False: the chat template's tokens stay. */
function renderPrompt(template, q) {
  if (/^qwen/.test(template ?? "")) return `<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n${q}<|im_end|>\n<|im_start|>assistant\n`;
  if (/^llama3/.test(template ?? "")) return `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${q}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`;
  return `Human: ${q}\nAssistant:`;
}

function generate(label, quality, r) {
  const words = label.split(/\s+/).filter(Boolean);
  const out = [];
  for (const w of words) {
    const x = r();
    if (x < quality) out.push(w);
    else if (x < quality + (1 - quality) * 0.5) out.push(WORDS[Math.floor(r() * WORDS.length)]);
    // else: dropped
  }
  if (r() > quality) out.push(...Array.from({ length: 1 + Math.floor(r() * 4) }, () => WORDS[Math.floor(r() * WORDS.length)]));
  return out.join(" ");
}

function adapterQuality(adapterDir) {
  if (!adapterDir) return { quality: 0.3, step: 0 };
  try {
    const s = parsePyJson(fs.readFileSync(path.join(adapterDir, "trainer_state.json"), "utf8"));
    const hist = s.log_history ?? [];
    const ev = [...hist].reverse().find((e) => typeof e.eval_loss === "number" && Number.isFinite(e.eval_loss));
    const tr = [...hist].reverse().find((e) => typeof e.loss === "number" && Number.isFinite(e.loss));
    const l = ev?.eval_loss ?? tr?.loss ?? 2;
    return { quality: Math.min(0.97, Math.max(0.05, 1.25 - 0.55 * l)), step: s.global_step ?? 0 };
  } catch {
    return { quality: 0.35, step: 0 };
  }
}

export async function runPredict({ a, ctx, host, con, outDir, cwd, rank, world, gpuFile, plan }) {
  const isMain = rank === 0;
  let adapterDir = null;
  if (a.adapter_name_or_path) {
    adapterDir = path.resolve(cwd, String(a.adapter_name_or_path).split(",")[0].trim());
    if (!fs.existsSync(path.join(adapterDir, "adapter_config.json"))) {
      throw new PyError("ValueError", `Can't find 'adapter_config.json' at '${a.adapter_name_or_path}'`, [
        [`${SITE}/peft/peft_model.py`, 440, "from_pretrained", "config = PEFT_TYPE_TO_CONFIG_MAPPING["],
        [`${SITE}/peft/config.py`, 205, "from_pretrained", "raise ValueError(f\"Can't find '{CONFIG_NAME}' at '{pretrained_model_name_or_path}'\")"]]);
    }
    con.lf("llamafactory.model.adapter", 226, `Loaded adapter(s): ${a.adapter_name_or_path}`);
  }
  const { quality, step: ckStep } = adapterQuality(adapterDir);
  const bs = a.per_device_eval_batch_size;
  const samples = ctx.evalSets.flatMap((d) => rowsOf(d, a.max_samples).map((row) => ({ ...row, set: d.name })));
  const steps = Math.max(1, Math.ceil(Math.ceil(samples.length / world) / bs));
  const logPath = path.join(outDir, "trainer_log.jsonl");
  const writer = isMain ? new TrainerLogWriter(logPath, { splitGapMs: 50 }) : null;
  const t0 = Date.now();
  const elapsed = () => Math.max(1e-3, (Date.now() - t0) / 1000);

  if (a.do_predict) {
    con.lf("llamafactory.train.sft.workflow", 131, "Batch generation can be very slow. Consider using `scripts/vllm_infer.py` instead.", "WARNING");
    con.hf("trainer.py", 4327, "\n***** Running Prediction *****");
    con.hf("trainer.py", 4329, `  Num examples = ${commas(samples.length)}`);
    con.hf("trainer.py", 4332, `  Batch size = ${bs}`);
    setUtilization(gpuFile, 88, plan.memoryMiB);
    const r = rng(1 + ckStep * 7919);
    const rows = samples.map((s) => ({ prompt: renderPrompt(a.template, s.q), predict: generate(s.a, quality, r), label: s.a }));
    for (let s = 1; s <= steps; s++) {
      await sleep(host.stepSeconds * 1000 * 0.6);
      con.bar(s, steps, elapsed());
      if (s % 5 === 0 && writer) {
        const e = elapsed();
        writer.append(pyJson({ current_steps: int(s), total_steps: int(steps), percentage: Math.round((s / steps) * 10000) / 100,
          elapsed_time: pyTimedelta(e), remaining_time: pyTimedelta(((steps - s) * e) / s) }));
      }
    }
    con.endBar();
    if (writer) await writer.close();
    const scores = meanScores(rows.map((x) => similarity(x.predict, x.label)));
    const runtime = elapsed();
    const metrics = {
      "predict_bleu-4": scores["bleu-4"], predict_model_preparation_time: 0.0043, "predict_rouge-1": scores["rouge-1"],
      "predict_rouge-2": scores["rouge-2"], "predict_rouge-l": scores["rouge-l"], predict_runtime: Math.round(runtime * 10000) / 10000,
      predict_samples_per_second: Math.round((samples.length / runtime) * 1000) / 1000, predict_steps_per_second: Math.round((steps / runtime) * 1000) / 1000,
    };
    if (isMain) {
      logMetrics(con, "predict", metrics);
      saveMetrics(outDir, "predict", metrics);
      const file = path.join(outDir, "generated_predictions.jsonl");
      con.lf("llamafactory.train.sft.trainer", 202, `Saving prediction results to ${file}`);
      fs.writeFileSync(file, rows.map((x) => pyJson({ prompt: x.prompt, predict: x.predict, label: x.label }, { ensureAscii: false }) + "\n").join(""));
    }
  } else if (writer) await writer.close();
  setUtilization(gpuFile, 0);
  process.exitCode = 0;
}
