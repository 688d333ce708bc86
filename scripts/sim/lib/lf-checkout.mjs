// A LLaMA-Factory checkout as teams have one: data/dataset_info.json with LF's own demo entries plus
// datasets the team registered (with their data files), and examples/deepspeed/*.json. Relative
// paths in a training YAML (dataset_dir: data, deepspeed: examples/...) resolve against this folder.
import fs from "node:fs";
import path from "node:path";
import { DATASETS } from "./registry.mjs";

/** Datasets a team added to its checkout (not in LF's stock dataset_info.json). */
export const USER_DATASETS = {
  support_chats_v2: { rows: 640, entry: { file_name: "support_chats_v2.jsonl", formatting: "sharegpt", columns: { messages: "conversations" } } },
  legal_qa_zh: { rows: 1200, entry: { file_name: "legal_qa_zh.json" } },
  team_dpo_pairs: { rows: 400, entry: { file_name: "team_dpo_pairs.json", ranking: true, columns: { prompt: "instruction", chosen: "chosen", rejected: "rejected" } } },
};

const ZERO = {
  0: { zero_optimization: { stage: 0 } },
  2: { zero_optimization: { stage: 2, allgather_partitions: true, allgather_bucket_size: 5e8, overlap_comm: false, reduce_scatter: true, reduce_bucket_size: 5e8, contiguous_gradients: true, round_robin_gradients: true } },
  3: { zero_optimization: { stage: 3, overlap_comm: false, contiguous_gradients: true, sub_group_size: 1e9, reduce_bucket_size: "auto", stage3_prefetch_bucket_size: "auto", stage3_param_persistence_threshold: "auto", stage3_max_live_parameters: 1e9, stage3_max_reuse_distance: 1e9, stage3_gather_16bit_weights_on_model_save: true } },
};

export function stockDatasetInfo() {
  const info = {};
  for (const [name, d] of Object.entries(DATASETS)) {
    const e = d.file ? { file_name: d.file } : { hf_hub_url: d.hub };
    if (d.ranking) e.ranking = true;
    if (d.kto) e.columns = { messages: "messages", kto_tag: "label" };
    if (d.pt) e.columns = { prompt: "text" };
    info[name] = e;
  }
  return info;
}

function dataFile(name, rows) {
  const row = (i) => ({ instruction: `${name} question ${i}`, input: "", output: `${name} answer ${i}` });
  const items = Array.from({ length: rows }, (_, i) => row(i));
  return name.endsWith(".jsonl") ? items.map((r) => JSON.stringify(r)).join("\n") + "\n" : JSON.stringify(items);
}

/** Writes (or refreshes) the checkout's data and example files; leaves anything else in `dir` alone. */
export function writeLfCheckout(dir, o = {}) {
  const user = o.userDatasets ?? USER_DATASETS;
  fs.mkdirSync(path.join(dir, "data"), { recursive: true });
  fs.mkdirSync(path.join(dir, "examples", "deepspeed"), { recursive: true });
  const info = { ...stockDatasetInfo() };
  for (const [name, u] of Object.entries(user)) {
    info[name] = u.entry;
    fs.writeFileSync(path.join(dir, "data", u.entry.file_name), dataFile(u.entry.file_name, u.rows));
  }
  fs.writeFileSync(path.join(dir, "data", "dataset_info.json"), JSON.stringify(info, null, 2) + "\n");
  for (const [stage, z] of Object.entries(ZERO)) {
    const cfg = { train_batch_size: "auto", train_micro_batch_size_per_gpu: "auto", gradient_accumulation_steps: "auto", gradient_clipping: "auto", zero_allow_untested_optimizer: true,
      fp16: { enabled: "auto", loss_scale: 0, loss_scale_window: 1000, initial_scale_power: 16, hysteresis: 2, min_loss_scale: 1 }, bf16: { enabled: "auto" }, ...z };
    fs.writeFileSync(path.join(dir, "examples", "deepspeed", `ds_z${stage}_config.json`), JSON.stringify(cfg, null, 2) + "\n");
  }
  return dir;
}
