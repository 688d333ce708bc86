// Keys and values LLaMA-Factory or transformers renamed or removed, with what to write instead. The
// release each change shipped in comes from running scripts/lf-keys over LF's tags (the key catalogue
// says *that* a key appeared or went; this file says *what replaces it*), and from transformers' own
// deprecations. A rule applies only on the versions it names, so an older host keeps its old keys.
import { atLeast } from "@/lib/presets/lf-version";

export type TLintContext = { lfVersion: string; tfMajor: 4 | 5 | null; tfVersion: string | null };
export type TRename = { instead?: string; message: string; severity: "error" | "warning" };
type TRule = (ctx: TLintContext) => TRename | null;

const removedInLf = (version: string, message: string, instead?: string): TRule => (ctx) =>
  atLeast(ctx.lfVersion, version) ? { severity: "error", message: `${message} (LLaMA-Factory ${version} removed it)`, ...(instead ? { instead } : {}) } : null;
const renamedInLf = (version: string, instead: string, extra = ""): TRule => (ctx) =>
  atLeast(ctx.lfVersion, version)
    ? { severity: "error", instead, message: `was renamed to \`${instead}\` in LLaMA-Factory ${version}: write \`${instead}\` instead${extra}` }
    : null;
/** transformers 5 dropped these; LF allows 4.55+ and 5.x, so they are errors only on a known 5.x host. */
const removedInTf5 = (message: string, instead?: string): TRule => (ctx) =>
  ctx.tfMajor === 5 ? { severity: "error", message: `${message} (transformers 5 removed it; this host has ${ctx.tfVersion})`, ...(instead ? { instead } : {}) } : null;

const RAY = "LLaMA-Factory 0.9.5 starts Ray workers with ray.remote and keeps results in output_dir; delete it (ray_num_workers and ray_init_kwargs remain)";
const KT = "the KTransformers options were reworked in LLaMA-Factory 0.9.5 (use_kt with kt_weight_path / kt_config); delete it";

export const KEY_RENAMES: Record<string, TRule> = {
  // LLaMA-Factory (hparams at each tag)
  use_cache: (ctx) => {
    if (!atLeast(ctx.lfVersion, "0.9.4")) return null;
    const msg = "LLaMA-Factory 0.9.4 renamed its generation KV-cache flag to `use_kv_cache`: write `use_kv_cache` instead";
    // transformers 5 has a TrainingArguments.use_cache of its own, so LF then accepts the key but it means something else.
    return ctx.tfMajor === 4 ? { severity: "error", instead: "use_kv_cache", message: msg }
      : { severity: "warning", instead: "use_kv_cache", message: `${msg} (on transformers 5 \`use_cache\` is accepted, but it is HF's training-time cache switch)` };
  },
  vllm_dtype: renamedInLf("0.8.2", "infer_dtype"),
  visual_inputs: removedInLf("0.9.0", "multimodal models are detected from the model itself now; delete it"),
  image_resolution: renamedInLf("0.9.2", "image_max_pixels", " (a pixel count such as 589824 for 768×768)"),
  video_resolution: renamedInLf("0.9.2", "video_max_pixels", " (a pixel count such as 65536 for 256×256)"),
  image_dir: renamedInLf("0.9.2", "media_dir"),
  train_mm_proj_only: removedInLf("0.9.2", "write `freeze_vision_tower: true` and `freeze_language_model: true` to train only the projector", "freeze_language_model"),
  new_special_tokens: renamedInLf("0.9.3", "add_special_tokens"),
  reserved_label_len: removedInLf("0.8.3", "LLaMA-Factory sizes labels from cutoff_len now; delete it"),
  split: removedInLf("0.8.3", "LLaMA-Factory always reads the train split of each dataset now; delete it"),
  ray_run_name: removedInLf("0.9.5", RAY),
  ray_storage_path: removedInLf("0.9.5", RAY),
  ray_storage_filesystem: removedInLf("0.9.5", RAY),
  resources_per_worker: removedInLf("0.9.5", RAY),
  placement_strategy: removedInLf("0.9.5", RAY),
  kt_mode: removedInLf("0.9.5", KT), kt_optimize_rule: removedInLf("0.9.5", KT), kt_maxlen: removedInLf("0.9.5", KT),
  kt_use_cuda_graph: removedInLf("0.9.5", KT), kt_force_think: removedInLf("0.9.5", KT), cpu_infer: removedInLf("0.9.5", KT),
  chunk_size: removedInLf("0.9.5", KT), mode: removedInLf("0.9.5", KT),
  // transformers TrainingArguments
  evaluation_strategy: (ctx) => ctx.tfVersion && !atLeast(ctx.tfVersion, "4.46.0") ? null
    : { severity: "error", instead: "eval_strategy", message: "was renamed to `eval_strategy` (transformers 4.46 removed the old name): write `eval_strategy` instead" },
  per_gpu_train_batch_size: (ctx) => ({ severity: ctx.tfMajor === 5 ? "error" : "warning", instead: "per_device_train_batch_size",
    message: "is deprecated (removed in transformers 5): write `per_device_train_batch_size` instead" }),
  per_gpu_eval_batch_size: (ctx) => ({ severity: ctx.tfMajor === 5 ? "error" : "warning", instead: "per_device_eval_batch_size",
    message: "is deprecated (removed in transformers 5): write `per_device_eval_batch_size` instead" }),
  no_cuda: (ctx) => ({ severity: ctx.tfMajor === 5 ? "error" : "warning", instead: "use_cpu", message: "is deprecated (removed in transformers 5): write `use_cpu` instead" }),
  push_to_hub_token: (ctx) => ({ severity: ctx.tfMajor === 5 ? "error" : "warning", instead: "hub_token", message: "is deprecated (removed in transformers 5): write `hub_token` instead" }),
  push_to_hub_model_id: (ctx) => ({ severity: ctx.tfMajor === 5 ? "error" : "warning", instead: "hub_model_id", message: "is deprecated (removed in transformers 5): write `hub_model_id` instead" }),
  push_to_hub_organization: (ctx) => ({ severity: ctx.tfMajor === 5 ? "error" : "warning", instead: "hub_model_id", message: "is deprecated (removed in transformers 5): write `hub_model_id: org/name` instead" }),
  warmup_ratio: (ctx) => ctx.tfMajor === 5 && atLeast(ctx.tfVersion ?? "5.0", "5.2.0")
    ? { severity: "error", instead: "warmup_steps", message: `is gone in transformers ${ctx.tfVersion}: write \`warmup_steps\` with the same value (below 1 it is a ratio of total steps)` } : null,
  group_by_length: removedInTf5("write `train_sampling_strategy: group_by_length` instead", "train_sampling_strategy"),
  save_safetensors: removedInTf5("transformers 5 always saves safetensors; delete it"),
  fsdp_min_num_params: removedInTf5("set `min_num_params` inside `fsdp_config` instead", "fsdp_config"),
  fsdp_transformer_layer_cls_to_wrap: removedInTf5("set `transformer_layer_cls_to_wrap` inside `fsdp_config` instead", "fsdp_config"),
  logging_dir: removedInTf5("set the TENSORBOARD_LOGGING_DIR environment variable on the host instead"),
};

/** Values renamed between releases: key -> old value -> rule. */
export const VALUE_RENAMES: Record<string, Record<string, (ctx: TLintContext) => string | null>> = {
  quantization_method: {
    bitsandbytes: (ctx) => atLeast(ctx.lfVersion, "0.9.3") ? "`bitsandbytes` was renamed to `bnb` in LLaMA-Factory 0.9.3: write `quantization_method: bnb`" : null,
    bnb: (ctx) => atLeast(ctx.lfVersion, "0.9.3") ? null : `this host's LLaMA-Factory (${ctx.lfVersion}) still calls it \`bitsandbytes\`: write \`quantization_method: bitsandbytes\``,
  },
  flash_attn: {
    off: (ctx) => atLeast(ctx.lfVersion, "0.8.3") ? "`off` was renamed to `disabled` in LLaMA-Factory 0.8.3: write `flash_attn: disabled`" : null,
  },
};
