// The LF launch switches a run gets, decided once at create time and stored on the run.
// FORCE_TORCHRUN=1: DeepSpeed on one GPU (LF refuses "Please use `FORCE_TORCHRUN=1` to launch
// DeepSpeed training." otherwise; with several visible GPUs LF starts torchrun by itself).
// ALLOW_EXTRA_ARGS=1: only when the preset version explicitly allows keys LF does not know
// (PresetVersion.allowExtraKeys, lib/presets/extra-keys.ts).
import type { TLaunchEnv } from "@/lib/runs/remote-commands";

export function launchEnvFor(o: { config: Record<string, unknown>; gpuCount: number; allowExtraKeys: boolean }): TLaunchEnv {
  const env: TLaunchEnv = {};
  const ds = o.config.deepspeed;
  if (o.gpuCount === 1 && ((typeof ds === "string" && ds.trim() !== "") || (ds !== null && typeof ds === "object"))) env.FORCE_TORCHRUN = "1";
  if (o.allowExtraKeys) env.ALLOW_EXTRA_ARGS = "1";
  return env;
}

export function parseLaunchEnv(v: unknown): TLaunchEnv {
  const o = v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  const env: TLaunchEnv = {};
  if (o.FORCE_TORCHRUN === "1") env.FORCE_TORCHRUN = "1";
  if (o.ALLOW_EXTRA_ARGS === "1") env.ALLOW_EXTRA_ARGS = "1";
  return env;
}
