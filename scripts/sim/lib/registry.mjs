// What the simulated host "has": known Hub models, LF's templates, LF's dataset_info.json entries
// (demo files ship with LF; hub ones are sized like their real splits), and every accepted config key.

/** Hub id → parameters (billions) and the loss offset its pretraining gives on chat data. */
export const MODELS = {
  "Qwen/Qwen3-0.6B": { params: 0.6, skill: 1.18 },
  "Qwen/Qwen3-1.7B": { params: 1.7, skill: 1.08 },
  "Qwen/Qwen3-4B": { params: 4.0, skill: 1.0 },
  "Qwen/Qwen3-4B-Instruct-2507": { params: 4.0, skill: 0.98 },
  "Qwen/Qwen3-8B": { params: 8.2, skill: 0.94 },
  "Qwen/Qwen3-14B": { params: 14.8, skill: 0.9 },
  "Qwen/Qwen2.5-0.5B-Instruct": { params: 0.5, skill: 1.2 },
  "Qwen/Qwen2.5-1.5B-Instruct": { params: 1.5, skill: 1.1 },
  "Qwen/Qwen2.5-3B-Instruct": { params: 3.1, skill: 1.03 },
  "Qwen/Qwen2.5-7B-Instruct": { params: 7.6, skill: 0.95 },
  "Qwen/Qwen2.5-14B-Instruct": { params: 14.7, skill: 0.9 },
  "meta-llama/Meta-Llama-3-8B-Instruct": { params: 8.0, skill: 0.96 },
  "meta-llama/Llama-3.1-8B-Instruct": { params: 8.0, skill: 0.95 },
  "meta-llama/Llama-3.2-1B-Instruct": { params: 1.2, skill: 1.12 },
  "meta-llama/Llama-3.2-3B-Instruct": { params: 3.2, skill: 1.04 },
  "mistralai/Mistral-7B-Instruct-v0.3": { params: 7.2, skill: 0.97 },
  "google/gemma-2-2b-it": { params: 2.6, skill: 1.06 },
  "google/gemma-2-9b-it": { params: 9.2, skill: 0.93 },
  "microsoft/Phi-3.5-mini-instruct": { params: 3.8, skill: 1.02 },
  "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B": { params: 7.6, skill: 0.97 },
  "THUDM/glm-4-9b-chat": { params: 9.4, skill: 0.93 },
};

export const TEMPLATES = [
  "default", "empty", "alpaca", "aquila", "baichuan", "baichuan2", "bailing", "belle", "bluelm", "breeze", "chatglm3",
  "chatml", "chatml_de", "codegeex4", "cohere", "cpm", "cpm3", "dbrx", "deepseek", "deepseek3", "deepseekcoder",
  "deepseekr1", "dolphin", "falcon", "fewshot", "gemma", "gemma2", "gemma3", "glm4", "granite3", "index", "intern2",
  "intern3", "llama2", "llama2_zh", "llama3", "llama4", "llava", "mistral", "ministral", "olmo", "openchat", "orion",
  "phi", "phi_small", "phi4", "pixtral", "qwen", "qwen2_audio", "qwen2_vl", "qwen3", "qwen3_nothink", "qwen3_vl",
  "qwen3_vl_nothink", "qwen3_5", "sailor", "solar", "starchat", "telechat", "vicuna", "xuanyuan", "yi", "yi_vl",
  "yuan", "zephyr", "ziya",
];

/**
 * size: rows; tokens: mean tokens per sample; l0/lf: start / reachable SFT loss for a ~4B instruct model;
 * ranking: preference data (dpo/rm); kto: kto tags; pt: plain text (stage pt).
 */
export const DATASETS = {
  identity: { file: "identity.json", size: 91, tokens: 48, l0: 2.6, lf: 0.35 },
  alpaca_en_demo: { file: "alpaca_en_demo.json", size: 1000, tokens: 190, l0: 1.45, lf: 0.98 },
  alpaca_zh_demo: { file: "alpaca_zh_demo.json", size: 1000, tokens: 230, l0: 1.75, lf: 1.2 },
  glaive_toolcall_en_demo: { file: "glaive_toolcall_en_demo.json", size: 300, tokens: 720, l0: 0.95, lf: 0.42 },
  glaive_toolcall_zh_demo: { file: "glaive_toolcall_zh_demo.json", size: 300, tokens: 690, l0: 1.1, lf: 0.5 },
  mllm_demo: { file: "mllm_demo.json", size: 6, tokens: 420, l0: 1.6, lf: 0.6 },
  dpo_en_demo: { file: "dpo_en_demo.json", size: 300, tokens: 560, l0: 0.6931, lf: 0.35, ranking: true },
  dpo_zh_demo: { file: "dpo_zh_demo.json", size: 300, tokens: 520, l0: 0.6931, lf: 0.38, ranking: true },
  kto_en_demo: { file: "kto_en_demo.json", size: 300, tokens: 300, l0: 0.5, lf: 0.3, kto: true },
  wiki_demo: { file: "wiki_demo.txt", size: 1000, tokens: 400, l0: 2.4, lf: 2.05, pt: true },
  c4_demo: { file: "c4_demo.jsonl", size: 300, tokens: 460, l0: 2.6, lf: 2.3, pt: true },
  alpaca_en: { hub: "llamafactory/alpaca_en", size: 52002, tokens: 180, l0: 1.45, lf: 1.0 },
  alpaca_zh: { hub: "llamafactory/alpaca_zh", size: 51179, tokens: 220, l0: 1.75, lf: 1.22 },
  alpaca_gpt4_en: { hub: "llamafactory/alpaca_gpt4_en", size: 52002, tokens: 320, l0: 1.2, lf: 0.82 },
  alpaca_gpt4_zh: { hub: "llamafactory/alpaca_gpt4_zh", size: 48818, tokens: 360, l0: 1.5, lf: 1.05 },
  glaive_toolcall_en: { hub: "llamafactory/glaive_toolcall_en", size: 10000, tokens: 700, l0: 0.95, lf: 0.4 },
  lima: { hub: "llamafactory/lima", size: 1030, tokens: 880, l0: 1.9, lf: 1.5 },
  codealpaca: { hub: "sahil2801/CodeAlpaca-20k", size: 20022, tokens: 210, l0: 0.95, lf: 0.62 },
  open_platypus: { hub: "garage-bAInd/Open-Platypus", size: 24926, tokens: 420, l0: 1.05, lf: 0.7 },
  ultrachat_200k: { hub: "HuggingFaceH4/ultrachat_200k", size: 207865, tokens: 1400, l0: 1.25, lf: 1.02 },
  openo1_sft: { hub: "llamafactory/OpenO1-SFT", size: 77685, tokens: 1500, l0: 0.9, lf: 0.66 },
  dpo_mix_en: { hub: "llamafactory/DPO-En-Zh-20k", size: 10000, tokens: 600, l0: 0.6931, lf: 0.4, ranking: true },
  ultrafeedback: { hub: "llamafactory/ultrafeedback_binarized", size: 63619, tokens: 650, l0: 0.6931, lf: 0.45, ranking: true },
  kto_mix_en: { hub: "argilla/kto-mix-15k", size: 15000, tokens: 500, l0: 0.5, lf: 0.32, kto: true },
};

/** Every key the merged dataclasses accept (subset that matters; anything else is "not used"). */
export const KNOWN_KEYS = new Set(`
model_name_or_path adapter_name_or_path adapter_folder cache_dir use_fast_tokenizer resize_vocab split_special_tokens
add_tokens add_special_tokens model_revision low_cpu_mem_usage rope_scaling flash_attn shift_attn mixture_of_depths
use_unsloth use_liger_kernel enable_liger_kernel moe_aux_loss_coef disable_gradient_checkpointing use_reentrant_gc upcast_layernorm
upcast_lmhead_output train_from_scratch infer_backend offload_folder use_cache infer_dtype hf_hub_token ms_hub_token
om_hub_token print_param_status trust_remote_code quantization_method quantization_bit quantization_type
double_quantization quantization_device_map image_max_pixels image_min_pixels video_max_pixels video_min_pixels
video_fps video_maxlen audio_sampling_rate use_audio_in_video export_dir export_size export_device
export_quantization_bit template dataset eval_dataset dataset_dir media_dir cutoff_len train_on_prompt
mask_history streaming buffer_size mix_strategy interleave_probs overwrite_cache preprocessing_batch_size
preprocessing_num_workers max_samples eval_num_beams ignore_pad_token_for_loss val_size eval_on_each_dataset packing
neat_packing tool_format default_system enable_thinking tokenized_path data_shared_file_system
use_ref_model ref_model ref_model_adapters ref_model_quantization_bit reward_model reward_model_adapters
reward_model_quantization_bit reward_model_type ld_alpha additional_target lora_alpha lora_dropout lora_rank
lora_target loraplus_lr_ratio loraplus_lr_embedding use_rslora use_dora pissa_init pissa_iter pissa_convert
create_new_adapter oft_rank oft_block_size oft_target module_dropout freeze_trainable_layers freeze_trainable_modules
freeze_extra_modules pref_beta pref_ftx pref_bco_weight pref_loss dpo_label_smoothing kto_chosen_weight
kto_undesirable_weight simpo_gamma ppo_buffer_size ppo_epochs ppo_score_norm ppo_target ppo_whiten_rewards
galore_target galore_rank galore_update_interval galore_scale galore_proj_type galore_layerwise use_galore use_apollo
use_badam use_muon use_adam_mini freeze_vision_tower freeze_multi_modal_projector freeze_language_model
compute_accuracy disable_shuffling early_stopping_steps plot_loss include_effective_tokens_per_second
pure_bf16 stage finetuning_type use_llama_pro use_swanlab swanlab_project swanlab_run_name
do_sample temperature top_p top_k num_beams max_length max_new_tokens repetition_penalty length_penalty
skip_special_tokens
output_dir overwrite_output_dir do_train do_eval do_predict eval_strategy prediction_loss_only
per_device_train_batch_size per_device_eval_batch_size gradient_accumulation_steps eval_accumulation_steps
eval_delay torch_empty_cache_steps learning_rate weight_decay adam_beta1 adam_beta2 adam_epsilon max_grad_norm
num_train_epochs max_steps lr_scheduler_type lr_scheduler_kwargs warmup_ratio warmup_steps log_level
log_level_replica log_on_each_node logging_dir logging_strategy logging_first_step logging_steps
logging_nan_inf_filter save_strategy save_steps save_total_limit save_safetensors save_on_each_node
save_only_model restore_callback_states_from_checkpoint use_cpu seed data_seed jit_mode_eval bf16 fp16
fp16_opt_level half_precision_backend bf16_full_eval fp16_full_eval tf32 local_rank ddp_backend tpu_num_cores
debug dataloader_drop_last eval_steps dataloader_num_workers dataloader_prefetch_factor past_index run_name
disable_tqdm remove_unused_columns label_names load_best_model_at_end metric_for_best_model greater_is_better
ignore_data_skip fsdp fsdp_config deepspeed label_smoothing_factor optim optim_args adafactor group_by_length
length_column_name report_to ddp_find_unused_parameters ddp_bucket_cap_mb ddp_broadcast_buffers
dataloader_pin_memory dataloader_persistent_workers skip_memory_metrics push_to_hub resume_from_checkpoint
hub_model_id hub_strategy hub_token hub_private_repo gradient_checkpointing gradient_checkpointing_kwargs
include_inputs_for_metrics include_for_metrics eval_do_concat_batches auto_find_batch_size full_determinism
ddp_timeout torch_compile include_tokens_per_second include_num_input_tokens_seen neftune_noise_alpha
optim_target_modules batch_eval_metrics eval_on_start use_liger_kernel average_tokens_across_devices
sortish_sampler predict_with_generate generation_max_length generation_num_beams generation_config
ray_run_name ray_storage_path ray_storage_filesystem ray_num_workers resources_per_worker placement_strategy ray_init_kwargs
new_special_tokens_config init_special_tokens use_unsloth_gc use_kv_cache use_v1_kernels model_max_length image_do_pan_and_scan crop_to_patches fsdp_transformer_layer_cls_to_wrap kto_rejected_weight apollo_target apollo_rank apollo_update_interval apollo_scale apollo_proj apollo_proj_type apollo_scale_type apollo_layerwise apollo_scale_front badam_mode badam_start_block badam_switch_mode badam_switch_interval badam_update_ratio badam_mask_mode badam_verbose use_dft_loss use_asft_loss asft_alpha use_eaft_loss eaft_alpha preserve_thinking swanlab_workspace swanlab_mode swanlab_logdir master_addr master_port fp8 fp8_backend fp8_enable_fsdp_float8_all_gather swanlab_api_key use_kt save_safetensors
`.split(/\s+/).filter(Boolean));

export const STAGES = ["pt", "sft", "rm", "ppo", "dpo", "kto"];
export const FINETUNING_TYPES = ["lora", "oft", "freeze", "full"];
export const SCHEDULERS = [
  "linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup", "inverse_sqrt",
  "reduce_lr_on_plateau", "cosine_with_min_lr", "cosine_warmup_with_min_lr", "warmup_stable_decay",
];
export const INTERVALS = ["no", "steps", "epoch"];
