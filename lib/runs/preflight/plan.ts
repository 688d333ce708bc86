// What the preflight must check for one launch, derived from the resolved config alone (pure, so it is
// unit-tested without a host): dataset names and where LF will look them up, local paths that must
// exist on the host, GPU memory and disk the run needs. Keys are judged by the launch lint
// (lib/presets/lint-config, version-aware) before the preflight runs.
import { estimateDiskBytes, estimateGpuMemoryMiB } from "@/lib/runs/preflight/estimate";

export type TFieldError = { field: string; message: string };
export type TPathCheck = { field: string; path: string; kind: "file" | "dir" | "any"; hubIdIfMissing: boolean };
export type TPreflightPlan = {
  datasetDir: string | null;
  datasets: { field: "config.dataset" | "config.eval_dataset"; names: string[] }[];
  paths: TPathCheck[];
  memoryMiB: number | null;
  diskBytes: number;
};

const split = (v: unknown): string[] =>
  v === null || v === undefined || v === "" ? [] : (Array.isArray(v) ? v.map(String) : String(v).split(",")).map((s) => s.trim()).filter(Boolean);

/** A value LF can only mean as a path on the host (a hub id is "org/name" or "name"). */
export function mustBeLocal(p: string): boolean {
  return p.startsWith("/") || p.startsWith("./") || p.startsWith("../") || p.startsWith("~") || p.split("/").length > 2;
}

export function planPreflight(cfg: Record<string, unknown>, o: { gpus: number }): TPreflightPlan {
  const dsDir = typeof cfg.dataset_dir === "string" && cfg.dataset_dir.trim() ? cfg.dataset_dir.trim() : "data";
  const datasets = [
    { field: "config.dataset" as const, names: split(cfg.dataset) },
    { field: "config.eval_dataset" as const, names: split(cfg.eval_dataset) },
  ].filter((d) => d.names.length);
  const paths: TPathCheck[] = [];
  if (typeof cfg.model_name_or_path === "string" && cfg.model_name_or_path) {
    const m = cfg.model_name_or_path;
    paths.push({ field: "config.model_name_or_path", path: m, kind: "dir", hubIdIfMissing: !mustBeLocal(m) });
  }
  for (const a of split(cfg.adapter_name_or_path)) paths.push({ field: "config.adapter_name_or_path", path: a, kind: "dir", hubIdIfMissing: !mustBeLocal(a) });
  if (typeof cfg.deepspeed === "string" && cfg.deepspeed) paths.push({ field: "config.deepspeed", path: cfg.deepspeed, kind: "file", hubIdIfMissing: false });
  if (typeof cfg.tokenized_path === "string" && cfg.tokenized_path) { /* may be created by the run: not checked */ }
  return {
    // dataset_dir "ONLINE" means every name is a hub dataset (LF data/parser.py): nothing to look up.
    datasetDir: dsDir === "ONLINE" ? null : dsDir,
    datasets: dsDir === "ONLINE" ? [] : datasets,
    paths,
    memoryMiB: estimateGpuMemoryMiB(cfg, o.gpus),
    diskBytes: estimateDiskBytes(cfg),
  };
}
