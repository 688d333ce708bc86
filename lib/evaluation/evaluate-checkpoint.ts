// "Evaluate this checkpoint": a predict run (do_predict + predict_with_generate on an eval dataset) of one
// checkpoint of a training run, on the same host, through the usual launch path (lint, preflight — which
// checks the checkpoint folder and the dataset exist there — queue, supervisor, poller). The predict run
// points at its training run (runs.evaluatesRunId), so each page links to the other and the training
// run's table row and compare column can show the scores.
import path from "node:path";
import { z } from "zod";
import { stringify } from "yaml";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { TAuditMeta } from "@/lib/audit/record-audit";
import { createRun, type TCreateRunResult } from "@/lib/runs/create-run";
import { ZCheckpointName } from "@/lib/runs/checkpoint-name";
import { listRunCheckpoints } from "@/lib/runs/resume-run";
import { pickResumeCheckpoint } from "@/lib/runs/pick-resume-checkpoint";
import { parseRunConfig } from "./run-config";

const ZDatasetName = z.string().regex(/^[A-Za-z0-9_.\-/]{1,120}$/, "must be a dataset name from the host's dataset_info.json");

export const ZEvaluateCheckpoint = z.object({
  runId: z.string().min(1).max(64),
  userId: z.string().min(1).nullable(),
  /** checkpoint-N or best-checkpoint-N; default: the protected best checkpoint, else the latest. */
  checkpoint: ZCheckpointName.optional(),
  /** One eval dataset or a comma list (LF's eval_dataset). */
  dataset: z.string().max(600).transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(ZDatasetName).min(1, "pick a dataset").max(8)),
  maxSamples: z.number().int().min(1).max(100_000).default(50),
});
export type TEvaluateInput = z.input<typeof ZEvaluateCheckpoint>;

/** The model keys a prediction must share with the training run; nothing training-only and no secrets. */
const KEEP = ["model_name_or_path", "trust_remote_code", "template", "cutoff_len", "dataset_dir", "quantization_bit", "quantization_method",
  "double_quantization", "bf16", "fp16", "flash_attn", "image_max_pixels", "video_max_pixels", "rope_scaling", "enable_thinking"];

/** The predict YAML for one checkpoint (pure; LoRA loads it as an adapter, other methods as the model). */
export function predictYaml(o: { config: Record<string, unknown>; checkpointDir: string; dataset: string[]; maxSamples: number; trainRunId: string; checkpoint: string }): string {
  const c = o.config;
  const lora = (c.finetuning_type ?? "lora") === "lora";
  const cfg: Record<string, unknown> = {};
  for (const k of KEEP) if (c[k] !== undefined && c[k] !== null) cfg[k] = c[k];
  if (lora) cfg.adapter_name_or_path = o.checkpointDir; else cfg.model_name_or_path = o.checkpointDir;
  Object.assign(cfg, {
    stage: "sft", do_predict: true, finetuning_type: lora ? "lora" : c.finetuning_type, eval_dataset: o.dataset.join(","),
    max_samples: o.maxSamples, per_device_eval_batch_size: typeof c.per_device_eval_batch_size === "number" ? c.per_device_eval_batch_size : 1,
    predict_with_generate: true, report_to: "none",
  });
  return `# Prediction of ${o.checkpoint} of run ${o.trainRunId} (Evaluate this checkpoint)\n${stringify(cfg, { lineWidth: 0 })}`;
}

export async function evaluateCheckpoint(raw: TEvaluateInput, meta: TAuditMeta = {}): Promise<TCreateRunResult & { checkpoint: string }> {
  const input = ZEvaluateCheckpoint.parse(raw);
  const run = await prisma.run.findUnique({ where: { id: input.runId } });
  if (!run) throw new AppError("not_found", "Run not found.");
  if (run.evaluatesRunId) throw new AppError("conflict", "This run is itself a checkpoint evaluation; evaluate a checkpoint of its training run.");
  const config = parseRunConfig(run.configYaml);
  if (config.do_train === false || (config.do_train === undefined && config.do_predict === true)) throw new AppError("conflict", "This run trained nothing, so it has no checkpoint to evaluate.");
  if ((config.stage ?? "sft") !== "sft") throw new AppError("conflict", `Predictions with generation need an SFT model; this run's stage is ${String(config.stage)}.`);
  if (!run.presetVersionId) throw new AppError("conflict", "This run has no preset version (an imported run); launch the prediction from a preset instead.");
  if (run.gpuIndices.length === 0) throw new AppError("conflict", "This run holds no GPU to run the prediction on.");
  const available = await listRunCheckpoints({ runId: run.id });
  if (available.length === 0) throw new AppError("conflict", "This run saved no checkpoint on the host, so there is nothing to evaluate.");
  const checkpoint = pickResumeCheckpoint({ available, bestCheckpoint: run.bestCheckpoint, ...(input.checkpoint ? { requested: input.checkpoint } : {}) });
  if (!checkpoint) throw new AppError("invalid", `${input.checkpoint ?? "a checkpoint"} does not exist in the run folder (have: ${available.join(", ")}).`, "checkpoint");
  const yaml = predictYaml({ config, checkpointDir: path.posix.join(run.outputDir, checkpoint), dataset: input.dataset, maxSamples: input.maxSamples, trainRunId: run.id, checkpoint });
  const res = await createRun(
    {
      presetVersionId: run.presetVersionId, hostId: run.hostId, gpuIndices: [run.gpuIndices[0]!], overrides: {},
      name: `${run.name.slice(0, 60)} eval ${checkpoint}`, priority: run.priority, userId: input.userId,
    },
    { baseYaml: yaml, baseSecretsSealed: null, evaluates: { runId: run.id, checkpoint, dataset: input.dataset.join(",") }, meta },
  );
  return { ...res, checkpoint };
}
