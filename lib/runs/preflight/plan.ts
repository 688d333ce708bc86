// What the preflight must check for one launch, derived from the resolved config alone (pure, so it is
// unit-tested without a host): dataset names and where LF will look them up, local paths that must
// exist on the host, keys LF's HfArgumentParser would refuse, GPU memory and disk the run needs.
import { isKnownKey, KEY_SPECS } from "@/lib/presets/key-specs";
import { estimateDiskBytes, estimateGpuMemoryMiB } from "@/lib/runs/preflight/estimate";

export type TFieldError = { field: string; message: string };
export type TPathCheck = { field: string; path: string; kind: "file" | "dir" | "any"; hubIdIfMissing: boolean };
export type TPreflightPlan = {
  keyErrors: TFieldError[];
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

function closest(key: string): string | null {
  let best: string | null = null, bestD = Infinity;
  for (const k of Object.keys(KEY_SPECS)) {
    const d = editDistance(key, k);
    if (d < bestD) { bestD = d; best = k; }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(key.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

export function planPreflight(cfg: Record<string, unknown>, o: { gpus: number; allowExtraKeys: boolean }): TPreflightPlan {
  const keyErrors: TFieldError[] = [];
  if (!o.allowExtraKeys) {
    for (const k of Object.keys(cfg)) {
      if (isKnownKey(k)) continue;
      const hint = closest(k);
      keyErrors.push({ field: `config.${k}`, message: `LLaMA-Factory refuses unknown keys ("Some keys are not used by the HfArgumentParser")${hint ? `; did you mean \`${hint}\`?` : ""} A preset can allow extra keys explicitly.` });
    }
  }
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
    keyErrors,
    // dataset_dir "ONLINE" means every name is a hub dataset (LF data/parser.py): nothing to look up.
    datasetDir: dsDir === "ONLINE" ? null : dsDir,
    datasets: dsDir === "ONLINE" ? [] : datasets,
    paths,
    memoryMiB: estimateGpuMemoryMiB(cfg, o.gpus),
    diskBytes: estimateDiskBytes(cfg),
  };
}

export { closest as closestKey };
