// "did you mean `learning_rate`?" for a key LF would reject: the closest accepted key by edit
// distance (a swap of two neighbours counts as one edit: `learnig_rate`, `lora_rnak`), plus the
// names people carry over from other trainers, which no edit distance finds.
export const ALIASES: Record<string, string> = {
  lr: "learning_rate", epochs: "num_train_epochs", num_epochs: "num_train_epochs", batch_size: "per_device_train_batch_size",
  train_batch_size: "per_device_train_batch_size", eval_batch_size: "per_device_eval_batch_size", micro_batch_size: "per_device_train_batch_size",
  grad_accum: "gradient_accumulation_steps", gradient_accumulation: "gradient_accumulation_steps", model: "model_name_or_path",
  model_name: "model_name_or_path", model_path: "model_name_or_path", base_model: "model_name_or_path", max_seq_length: "cutoff_len",
  max_seq_len: "cutoff_len", seq_len: "cutoff_len", sequence_len: "cutoff_len", max_source_length: "cutoff_len",
  lora_r: "lora_rank", r: "lora_rank", target_modules: "lora_target", lora_target_modules: "lora_target", warmup: "warmup_steps",
  scheduler: "lr_scheduler_type", lr_scheduler: "lr_scheduler_type", optimizer: "optim", val_set_size: "val_size",
  validation_split: "val_size", datasets: "dataset", data_path: "dataset", chat_template: "template", load_in_4bit: "quantization_bit",
  load_in_8bit: "quantization_bit", use_flash_attention_2: "flash_attn", flash_attention: "flash_attn", gradient_clipping: "max_grad_norm",
  eval_steps_ratio: "eval_steps", save_limit: "save_total_limit",
};

/** Environment variables that users put in configs as keys: the tool reads them from the host's environment. */
export const ENV_KEYS: Record<string, string> = {
  wandb_project: "WANDB_PROJECT", wandb_api_key: "WANDB_API_KEY", wandb_entity: "WANDB_ENTITY", wandb_name: "WANDB_NAME",
  wandb_mode: "WANDB_MODE", wandb_key: "WANDB_API_KEY", hf_token: "HF_TOKEN", hf_home: "HF_HOME", hf_endpoint: "HF_ENDPOINT",
  cuda_visible_devices: "CUDA_VISIBLE_DEVICES", force_torchrun: "FORCE_TORCHRUN", allow_extra_args: "ALLOW_EXTRA_ARGS",
};

export function editDistance(a: string, b: string, max = Infinity): number {
  // Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring).
  const m = a.length, n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  let prev2: number[] = [], prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev; prev = cur;
  }
  return prev[n]!;
}

/** The accepted key a typo most likely meant, or null when nothing is close enough to be a useful guess. */
export function closestKey(key: string, accepted: Iterable<string>): string | null {
  const k = key.toLowerCase();
  const keys = [...accepted];
  const alias = ALIASES[k];
  if (alias && keys.includes(alias)) return alias;
  if (keys.includes(k)) return k; // only the case differed
  const max = k.length <= 4 ? 1 : k.length <= 8 ? 2 : 3;
  let best: string | null = null, bestD = max + 1;
  for (const c of keys) {
    const d = editDistance(k, c, max);
    if (d < bestD || (d === bestD && best !== null && c.length < best.length)) { best = c; bestD = d; }
  }
  if (best) return best;
  // A key with a prefix or suffix missing (`accumulation_steps`, `train_epochs`) is a part of only a few keys.
  const containing = keys.filter((c) => k.length >= 6 && (c.endsWith(k) || c.startsWith(k)));
  return containing.length === 1 ? containing[0]! : null;
}
