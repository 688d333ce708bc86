// The starter preset: LoRA SFT of a 6-7B model on one 24 GB GPU, with the settings a careful
// practitioner picks (fp16 for cards without bf16, clipping, a held-out split evaluated on the same
// cadence as checkpoints so the best one can be chosen, often enough that the 168-step demo run has
// six of each). Model, dataset and template exist in LF.
export const STARTER_PRESET_NAME = "LoRA SFT 7B (24 GB)";

export const STARTER_PRESET_YAML = `### model
model_name_or_path: Qwen/Qwen2.5-7B-Instruct
trust_remote_code: true

### method
stage: sft
do_train: true
finetuning_type: lora
lora_rank: 8
lora_target: all

### dataset
dataset: alpaca_en_demo
template: qwen
cutoff_len: 1024
max_samples: 100000
preprocessing_num_workers: 16
dataloader_num_workers: 4

### output
output_dir: saves/qwen2.5-7b/lora/sft
logging_steps: 10
save_steps: 25  # alpaca_en_demo: 899 training rows / batch 16 = 56 steps an epoch, 168 in all
plot_loss: true
include_num_input_tokens_seen: true  # tokens/s on the dashboard
save_only_model: false
report_to: none  # choices: [none, wandb, tensorboard, swanlab, mlflow]

### train
per_device_train_batch_size: 2  # 8 needs ~28 GB with 1024-token sequences
gradient_accumulation_steps: 8  # effective batch 16
learning_rate: 5.0e-5
num_train_epochs: 3.0
max_grad_norm: 1.0
lr_scheduler_type: cosine
warmup_ratio: 0.1
fp16: true  # bf16 is better on Ampere or newer GPUs
ddp_timeout: 180000000
resume_from_checkpoint: null

### eval
val_size: 0.1
per_device_eval_batch_size: 8
eval_strategy: steps
eval_steps: 25  # same cadence as save_steps, so the best eval step has a checkpoint
# load_best_model_at_end: true
# metric_for_best_model: eval_loss
# early_stopping_steps: 3
`;
