// Recognises YAML that is not a `llamafactory-cli train` argument file, so importing it as a preset
// fails with a sentence naming what it is instead of a wall of "unknown key" warnings. The signals are
// the keys each kind of file in LF's examples/ carries.
export type TConfigKind = "deepspeed" | "accelerate" | "v1" | "megatron" | "ktransformers" | "ascend" | "export"
  | "inference" | "predict" | "not-lf";
export type TRefusal = { kind: TConfigKind; message: string };

const has = (o: Record<string, unknown>, ...keys: string[]) => keys.some((k) => k in o);

export function classifyConfig(value: unknown, text: string): TRefusal | null {
  if (value === null || value === undefined) return { kind: "not-lf", message: "The file is empty: a preset needs `key: value` lines." };
  if (typeof value !== "object" || Array.isArray(value)) {
    return { kind: "not-lf", message: `Not a LLaMA-Factory config: expected \`key: value\` lines at the top level, got ${Array.isArray(value) ? "a list" : "a single value"}.` };
  }
  const o = value as Record<string, unknown>;
  if (has(o, "zero_optimization", "train_micro_batch_size_per_gpu", "train_batch_size", "zero_allow_untested_optimizer")) {
    return { kind: "deepspeed", message: "This is a DeepSpeed config (zero_optimization...), not a training config. Keep it on the host and point the preset's `deepspeed:` key at it." };
  }
  if (has(o, "compute_environment", "distributed_type")) {
    return { kind: "accelerate", message: "This is an Accelerate/FSDP launcher config for `accelerate launch`, not a training config. Factory Floor starts runs with `llamafactory-cli train`." };
  }
  if (has(o, "model_class", "peft_config", "dist_config", "micro_batch_size", "train_dataset") && !has(o, "model_name_or_path")) {
    return { kind: "v1", message: "This is an LLaMA-Factory v1 config (the experimental USE_V1=1 schema), not a v0 training config." };
  }
  if (has(o, "tensor_model_parallel_size", "pipeline_model_parallel_size", "expert_model_parallel_size", "use_mca", "use_megatron_bridge")) {
    return { kind: "megatron", message: "This is a Megatron config (USE_MCA=1 / USE_MEGATRON_BRIDGE=1 parallelism keys), which Factory Floor does not launch." };
  }
  if (o.use_kt === true || Object.keys(o).some((k) => k.startsWith("kt_"))) {
    return { kind: "ktransformers", message: "This is a KTransformers config (use_kt), which needs `accelerate launch` with a KT plugin; Factory Floor does not launch it." };
  }
  if (o.use_v1_kernels === true || /^#.*accelerate launch/m.test(text)) {
    return { kind: "ascend", message: "This is an Ascend NPU / `accelerate launch` config (use_v1_kernels), not one for `llamafactory-cli train` on an NVIDIA GPU host." };
  }
  if (has(o, "export_dir")) {
    return { kind: "export", message: "This is a merge/export config for `llamafactory-cli export` (export_dir), not a training config." };
  }
  if (has(o, "infer_backend") || (has(o, "model_name_or_path") && !has(o, "stage", "do_train", "dataset"))) {
    return { kind: "inference", message: "This is an inference config for `llamafactory-cli chat`/`api` (infer_backend, no stage or do_train), not a training config." };
  }
  if (o.do_predict === true && o.do_train !== true) {
    return { kind: "predict", message: "This is a prediction/evaluation config (do_predict without do_train), not a training config." };
  }
  if (!has(o, "model_name_or_path", "stage", "do_train", "finetuning_type")) {
    return { kind: "not-lf", message: "Not a LLaMA-Factory training config: it has none of model_name_or_path, stage, do_train or finetuning_type." };
  }
  return null;
}
