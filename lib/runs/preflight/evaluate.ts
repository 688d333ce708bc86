// Turns a preflight probe into named field errors (the launch form, the API's 400 and the CLI show
// them next to the field) and warnings. Pure: unit-tested with recorded probe output.
import { parseDatasetInfo } from "@/lib/hosts/profile/runtime-probe";
import type { TPreflightProbe } from "@/lib/runs/preflight/command";
import type { TFieldError, TPreflightPlan } from "@/lib/runs/preflight/plan";

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const gibM = (mib: number) => `${(mib / 1024).toFixed(1)} GiB`;

export type TPreflightResult = { errors: TFieldError[]; warnings: TFieldError[]; runsDirAbs: string | null };

function nearest(name: string, names: string[]): string | null {
  const lower = name.toLowerCase();
  const hit = names.find((n) => n.toLowerCase() === lower) ?? names.find((n) => n.toLowerCase().startsWith(lower.slice(0, Math.max(3, lower.length - 3))));
  return hit ?? null;
}

export function evaluatePreflight(o: {
  plan: TPreflightPlan;
  probe: TPreflightProbe;
  host: string;
  gpuIndices: number[];
  /** GPUs our own runs hold: the queue waits for them, so their memory use is not a refusal. */
  leasedGpus: Set<number>;
}): TPreflightResult {
  const { plan, probe, host } = o;
  const errors: TFieldError[] = [];
  const warnings: TFieldError[] = [];
  const profileFix = "Fix the runtime profile on the Hosts page (or press Detect).";
  if (probe.activationFailed) errors.push({ field: "hostId", message: `${host}: the runtime profile's activation line fails (exit ${probe.activationFailed}). ${profileFix}` });
  if (probe.lfDirMissing) {
    errors.push({ field: "hostId", message: `${host}: the runtime profile's LF working directory does not exist. ${profileFix}` });
    return { errors, warnings, runsDirAbs: null };
  }
  if (!probe.cli) errors.push({ field: "hostId", message: `${host}: llamafactory-cli is not found through the runtime profile. ${profileFix}` });
  const where = probe.lfDirAbs ?? "the LF working directory";

  if (plan.datasetDir !== null && plan.datasets.length && probe.datasetInfo) {
    const file = `${plan.datasetDir.replace(/\/+$/, "")}/dataset_info.json`;
    const shown = plan.datasetDir.startsWith("/") ? file : `${where}/${file}`;
    if (probe.datasetInfo.missing) {
      errors.push({ field: plan.datasetDir === "data" ? "config.dataset" : "config.dataset_dir", message: `${host} has no ${shown}: LF would stop with "Cannot open ${file}". Set dataset_dir to the folder holding dataset_info.json, or fix the profile's LF working directory.` });
    } else {
      const info = parseDatasetInfo(probe.datasetInfo.b64);
      if (info.error) errors.push({ field: "config.dataset_dir", message: `${host}: ${shown} ${info.error.replace(/^data\/dataset_info\.json /, "")}` });
      else {
        for (const d of plan.datasets) {
          const missing = d.names.filter((n) => !info.names.includes(n));
          if (!missing.length) continue;
          const hints = missing.map((n) => nearest(n, info.names)).filter(Boolean);
          const list = info.names.slice(0, 12).join(", ") + (info.names.length > 12 ? `, … (${info.names.length} in all)` : "");
          errors.push({ field: d.field, message: `${missing.map((n) => `"${n}"`).join(", ")} ${missing.length > 1 ? "are" : "is"} not in ${shown} on ${host} (LF: "Undefined dataset ${missing[0]} in dataset_info.json.")${hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(", ")}?` : ""} The host defines: ${list}.` });
        }
      }
    }
  }

  plan.paths.forEach((p, i) => {
    if (p.path.startsWith("~")) {
      errors.push({ field: p.field, message: `${p.path}: LF opens paths as written and does not expand ~; write the absolute path${probe.home ? ` (${probe.home}${p.path.slice(1)})` : ""}.` });
      return;
    }
    const kind = probe.paths.get(i);
    const shown = p.path.startsWith("/") ? p.path : `${where}/${p.path}`;
    if (kind === undefined) return;
    if (kind === "-") {
      if (!p.hubIdIfMissing) errors.push({ field: p.field, message: `${shown} does not exist on ${host}${p.path.startsWith("/") ? "" : " (relative paths resolve against the profile's LF working directory)"}.` });
      return;
    }
    if (p.kind === "file" && kind === "d") errors.push({ field: p.field, message: `${shown} on ${host} is a folder; ${p.field.replace("config.", "")} wants a JSON file.` });
    if (p.kind === "dir" && kind === "f") errors.push({ field: p.field, message: `${shown} on ${host} is a file; ${p.field.replace("config.", "")} wants a model folder or a hub id.` });
  });

  for (const g of o.gpuIndices) {
    const gpu = probe.gpus.get(g);
    if (!gpu) { if (probe.gpus.size) errors.push({ field: "gpuIndices", message: `${host} has no GPU ${g} (nvidia-smi lists ${[...probe.gpus.keys()].join(", ")}).` }); continue; }
    if (o.leasedGpus.has(g)) continue;
    const free = gpu.totalMiB - gpu.usedMiB;
    if (plan.memoryMiB !== null && plan.memoryMiB > gpu.totalMiB) {
      errors.push({ field: "gpuIndices", message: `GPU ${g} on ${host} has ${gibM(gpu.totalMiB)}; this run needs about ${gibM(plan.memoryMiB)} per GPU (pick more GPUs with DeepSpeed ZeRO-3, LoRA or quantization_bit).` });
    } else if (plan.memoryMiB !== null && plan.memoryMiB > free) {
      errors.push({ field: "gpuIndices", message: `GPU ${g} on ${host} is busy: ${gibM(gpu.usedMiB)} of ${gibM(gpu.totalMiB)} used by a process Factory Floor did not start; this run needs about ${gibM(plan.memoryMiB)}.` });
    } else if (plan.memoryMiB === null && gpu.usedMiB > gpu.totalMiB * 0.1) {
      warnings.push({ field: "gpuIndices", message: `GPU ${g} on ${host} has ${gibM(gpu.usedMiB)} in use by a process Factory Floor did not start (the model size is unknown, so the memory need was not checked).` });
    }
  }

  if (!probe.runsDirAbs) errors.push({ field: "hostId", message: `${host}: the runtime profile's runs folder cannot be created. ${profileFix}` });
  else if (probe.diskFreeBytes !== null && probe.diskFreeBytes < plan.diskBytes)
    errors.push({ field: "disk", message: `${probe.runsDirAbs} on ${host} has ${gib(probe.diskFreeBytes)} free; this run needs about ${gib(plan.diskBytes)} for checkpoints and the final model.` });
  return { errors, warnings, runsDirAbs: probe.runsDirAbs };
}
