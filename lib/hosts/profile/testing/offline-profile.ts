// Test-only: Host create data for a host row that is never reached over SSH (port 1), with a
// runtime profile and a successful runtime probe on record, so createRun can queue on it (the
// preflight finds the host unreachable, warns, and falls back to the recorded runs folder).
import type { TRuntimeInfo } from "@/lib/hosts/profile/runtime-probe";

export function offlineProfileData(runsDirAbs = "/home/nobody/ffloor-runs") {
  const runtime: TRuntimeInfo = {
    ok: true, problem: null, probedAt: new Date().toISOString(), profileVersion: 1, home: "/home/nobody", lfDirAbs: "/home/nobody/LLaMA-Factory",
    runsDirAbs, cliPath: "/home/nobody/LLaMA-Factory/.venv/bin/llamafactory-cli", lfVersion: "0.9.6.dev0", transformersVersion: "4.57.1", torchVersion: "2.8.0+cu128",
    cudaDriver: "570.133.20", diskFreeBytes: 500 * 2 ** 30, datasets: ["alpaca_en_demo", "identity"], datasetInfoError: null,
  };
  return {
    runtime,
    profiles: { create: { version: 1, activation: "source ~/LLaMA-Factory/.venv/bin/activate", lfDir: "~/LLaMA-Factory", runsDir: "~/ffloor-runs" } },
  };
}
