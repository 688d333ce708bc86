// Warnings a practitioner would give before a run starts (LF accepts these configs; they waste a
// GPU-day): a chat template from another model family, an eval/save/log cadence the run never
// reaches, and so many epochs over few samples that the model memorises them.
import { LF_DATASET_ROWS } from "@/lib/presets/lf-datasets.generated";
import { LF_MODEL_TEMPLATES } from "@/lib/presets/lf-models.generated";
import type { TConfig, TIssue } from "@/lib/presets/types";

const num = (c: TConfig, k: string): number | null => (typeof c[k] === "number" && Number.isFinite(c[k]) ? (c[k] as number) : null);
const names = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map(String) : typeof v === "string" ? v.split(",") : []).map((s) => s.trim()).filter(Boolean);

/** The model's repo name as LF's registry spells it: last path segment, lower case, ModelScope's `___` as `.`. */
export function modelBaseName(model: string): string {
  const seg = model.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? model;
  return seg.replace(/___/g, ".").toLowerCase();
}

/** The template LLaMA-Board would pick for a model (its registry entry, or the longest registered name it starts with). */
export function registryTemplate(model: string): { template: string; matched: string } | null {
  const base = modelBaseName(model);
  const exact = LF_MODEL_TEMPLATES[base];
  if (exact) return { template: exact, matched: base };
  let best: string | null = null;
  for (const name of Object.keys(LF_MODEL_TEMPLATES)) {
    // "qwen3-8b-merged" is a fine-tune of "qwen3-8b"; the next character must end the name's part.
    if (name.length >= 6 && base.startsWith(name) && /^[-_.]/.test(base.slice(name.length)) && (!best || name.length > best.length)) best = name;
  }
  return best ? { template: LF_MODEL_TEMPLATES[best]!, matched: best } : null;
}

/** Templates that differ only by thinking mode or vision are the same chat format family. */
const family = (t: string) => t.replace(/_(nothink|thinking)$/, "").replace(/_vl$/, "");

function templateFit(c: TConfig): TIssue | null {
  if (typeof c.model_name_or_path !== "string") return null;
  const reg = registryTemplate(c.model_name_or_path);
  if (!reg) return null;
  const t = typeof c.template === "string" ? c.template : null;
  if (t === null) {
    return c.stage === "pt" ? null : { key: "template", message: `is not set; LLaMA-Board would pick \`${reg.template}\` for ${c.model_name_or_path} (LF's model registry), and without it the model is trained on a prompt format it does not know` };
  }
  if (family(t) === family(reg.template)) return null;
  return { key: "template", message: `\`${t}\` is another family's chat format: LLaMA-Board would pick \`${reg.template}\` for ${c.model_name_or_path} (LF's model registry, ${reg.matched}); a mismatched template trains the model on prompts it was not tuned for` };
}

export type TStepEstimate = { totalSteps: number; trainSamples: number; exact: boolean };

/**
 * Optimizer steps the run will take on one GPU (more GPUs: fewer), from max_steps, or from the number
 * of samples: LF's bundled datasets have known sizes; any other dataset is bounded by max_samples
 * (which LF applies per dataset). Null when neither is known, or when packing/streaming make the
 * number of sequences unknowable before tokenising.
 */
export function estimateTotalSteps(c: TConfig): TStepEstimate | null {
  const maxSteps = num(c, "max_steps");
  if (maxSteps !== null && maxSteps > 0) return { totalSteps: maxSteps, trainSamples: NaN, exact: true };
  if (c.packing === true || c.neat_packing === true || c.streaming === true || c.stage === "ppo") return null;
  const ds = names(c.dataset);
  if (ds.length === 0) return null;
  const cap = num(c, "max_samples");
  let samples = 0, exact = true;
  for (const d of ds) {
    const rows = Object.prototype.hasOwnProperty.call(LF_DATASET_ROWS, d) ? LF_DATASET_ROWS[d]! : null;
    if (rows === null && cap === null) return null;
    if (rows === null) exact = false;
    samples += rows === null ? cap! : cap === null ? rows : Math.min(rows, cap);
  }
  const val = num(c, "val_size") ?? 0;
  const train = val > 0 && val < 1 ? Math.floor(samples * (1 - val)) : val >= 1 ? samples - val : samples;
  if (train <= 0) return null;
  const bs = num(c, "per_device_train_batch_size") ?? 8;
  const ga = num(c, "gradient_accumulation_steps") ?? 1;
  const epochs = num(c, "num_train_epochs") ?? 3;
  // HF Trainer: batches per epoch = ceil(n / batch); updates per epoch = max(batches // accumulation, 1).
  const perEpoch = Math.max(Math.floor(Math.ceil(train / bs) / ga), 1);
  return { totalSteps: Math.ceil(perEpoch * epochs), trainSamples: train, exact };
}

function cadenceWarnings(c: TConfig): TIssue[] {
  const est = estimateTotalSteps(c);
  if (!est) return [];
  const total = est.totalSteps;
  const about = `${est.exact ? "" : "at most "}${total} steps this run takes on one GPU`;
  const out: TIssue[] = [];
  const steps = (k: string, dflt: number) => num(c, k) ?? dflt;
  const logging = steps("logging_steps", 500);
  const evalOn = c.eval_strategy === "steps";
  const evalSteps = num(c, "eval_steps") ?? logging;
  if (evalOn && evalSteps >= 1 && evalSteps > total) {
    out.push({ key: "eval_steps", message: `${evalSteps} is more than the ${about}: no eval loss is ever logged, so overfitting cannot be seen or stopped; set eval_steps to ${Math.max(1, Math.floor(total / 5))} or less` });
  }
  // HF still saves at the last step, so a late save_steps only hurts when checkpoints are meant to be
  // picked by evaluation (the best eval step then has no checkpoint) or resumed from mid-run.
  const picksBest = evalOn || c.load_best_model_at_end === true || c.early_stopping_steps != null;
  if (picksBest && (c.save_strategy ?? "steps") === "steps" && steps("save_steps", 500) >= 1 && steps("save_steps", 500) > total) {
    out.push({ key: "save_steps", message: `${steps("save_steps", 500)} is more than the ${about}: the only checkpoint is the one at the end, so the best eval step has no checkpoint to keep and an early stop keeps nothing; set save_steps to ${Math.max(1, Math.floor(total / 5))} or less` });
  }
  if ((c.logging_strategy ?? "steps") === "steps" && logging >= 1 && logging > total) {
    out.push({ key: "logging_steps", message: `${logging} is more than the ${about}: no training loss is logged; set logging_steps to ${Math.max(1, Math.floor(total / 20))} or less` });
  }
  return out;
}

function memorising(c: TConfig): TIssue | null {
  const epochs = num(c, "num_train_epochs");
  if (epochs === null || epochs <= 10 || (num(c, "max_steps") ?? -1) > 0 || c.stage === "pt") return null;
  const est = estimateTotalSteps(c);
  const samples = est && Number.isFinite(est.trainSamples) ? est.trainSamples : null;
  const watch = c.early_stopping_steps ? "" : "; hold out val_size and set early_stopping_steps, or use 2-5 epochs";
  if (samples !== null && samples <= 10_000) {
    return { key: "num_train_epochs", message: `${epochs} epochs over ${est!.exact ? "" : "at most "}${samples} training samples: the model will memorise them (train loss near 0 while eval loss climbs)${watch}` };
  }
  return { key: "num_train_epochs", message: `${epochs} epochs is far more than fine-tuning needs (2-5 is usual): expect the model to overfit after the first few${watch}` };
}

function windowsPath(c: TConfig): TIssue[] {
  return ["model_name_or_path", "adapter_name_or_path", "dataset_dir", "deepspeed", "tokenized_path", "cache_dir"]
    .filter((k) => typeof c[k] === "string" && /^[A-Za-z]:[\\/]|\\/.test(c[k] as string))
    .map((k) => ({ key: k, message: `${JSON.stringify(c[k])} is a Windows path; the GPU host is Linux: use the path on that host (forward slashes)` }));
}

export function practiceWarnings(c: TConfig): TIssue[] {
  return [templateFit(c), ...cadenceWarnings(c), memorising(c), ...windowsPath(c)].filter((x): x is TIssue => x !== null);
}
