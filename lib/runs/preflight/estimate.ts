// Rough GPU memory and disk a LLaMA-Factory run needs, from the model size in its name (e.g.
// "Qwen2.5-7B-Instruct" → 7e9 parameters). Unknown sizes give null: the check is skipped, not guessed.
export function paramsFromModelName(name: string): number | null {
  const m = /(?:^|[-_/.])(\d+(?:\.\d+)?)\s*([bBmM])(?=$|[-_/.])/.exec(name.split("/").pop() ?? name) ?? /(\d+(?:\.\d+)?)([bB])\b/.exec(name);
  if (!m) return null;
  const n = Number(m[1]) * (m[2]!.toLowerCase() === "b" ? 1e9 : 1e6);
  return Number.isFinite(n) && n > 0 ? n : null;
}

const num = (v: unknown, d: number) => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : d);

/**
 * Per-GPU MiB: weights (bf16, or quantized bits), optimizer state for what trains (LoRA adapters,
 * frozen layers, or full with AdamW's 16 bytes/param, spread over GPUs by ZeRO-3), plus activations.
 */
export function estimateGpuMemoryMiB(cfg: Record<string, unknown>, gpus: number): number | null {
  const model = typeof cfg.model_name_or_path === "string" ? cfg.model_name_or_path : "";
  const p = paramsFromModelName(model);
  if (p === null) return null;
  const bits = num(cfg.quantization_bit, 0);
  const ft = typeof cfg.finetuning_type === "string" ? cfg.finetuning_type : "lora";
  const z3 = typeof cfg.deepspeed === "string" && /z3|zero3|stage3/i.test(cfg.deepspeed);
  const weights = bits > 0 ? p * (bits / 8 + 0.05) : p * 2;
  let bytes: number;
  if (ft === "full") bytes = z3 ? p * 2 + (p * 14) / Math.max(1, gpus) : p * 16;
  else if (ft === "freeze") bytes = weights + p * 1.5;
  else bytes = weights + p * 0.12;
  const batch = num(cfg.per_device_train_batch_size, 8);
  const cutoff = Math.min(num(cfg.cutoff_len, 2048), 4096);
  bytes += 1.2e9 + (batch * cutoff * p) / 6000;
  return Math.round(bytes / 2 ** 20);
}

/** Disk for checkpoints and the final model in the run folder. */
export function estimateDiskBytes(cfg: Record<string, unknown>): number {
  const model = typeof cfg.model_name_or_path === "string" ? cfg.model_name_or_path : "";
  const p = paramsFromModelName(model);
  const ft = typeof cfg.finetuning_type === "string" ? cfg.finetuning_type : "lora";
  const min = 1 * 2 ** 30;
  if (p === null || ft === "lora" || ft === "oft") return min;
  const keep = Math.min(Math.max(1, num(cfg.save_total_limit, 3)), 3);
  const perCkpt = p * 2 + (cfg.save_only_model === true ? 0 : p * 12);
  return Math.max(min, Math.round(p * 2 + keep * perCkpt));
}
