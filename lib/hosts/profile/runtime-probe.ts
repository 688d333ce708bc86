// The runtime probe: through the profile, does LF start, which versions, CUDA driver, free disk in the
// runs folder, and the datasets the checkout's data/dataset_info.json defines. One SSH exec.
import { z } from "zod";
import { remotePath } from "@/lib/hosts/profile/remote-path";
import { asBash, profileScript } from "@/lib/hosts/profile/profile-script";
import type { TProfile } from "@/lib/hosts/profile/profile-input";

export const ZRuntimeInfo = z.object({
  ok: z.boolean(),
  problem: z.string().nullable(),
  probedAt: z.string(),
  profileVersion: z.number().int(),
  home: z.string().nullable(),
  lfDirAbs: z.string().nullable(),
  runsDirAbs: z.string().nullable(),
  cliPath: z.string().nullable(),
  lfVersion: z.string().nullable(),
  transformersVersion: z.string().nullable(),
  torchVersion: z.string().nullable(),
  cudaDriver: z.string().nullable(),
  diskFreeBytes: z.number().nullable(),
  datasets: z.array(z.string()),
  datasetInfoError: z.string().nullable(),
});
export type TRuntimeInfo = z.infer<typeof ZRuntimeInfo>;

const MAX_DSI_BYTES = 8_000_000;

export function runtimeProbeCommand(p: TProfile): string {
  const s = profileScript(p);
  return asBash([
    `echo "@@HOME $HOME"`,
    `_ff_log=$(mktemp 2>/dev/null || echo /tmp/ffloor-probe.$$)`,
    `{ ${s.activate}; } >"$_ff_log" 2>&1; rc=$?`,
    `if [ $rc -ne 0 ]; then echo "@@ACT_FAIL $rc"; tail -c 600 "$_ff_log" | sed 's/^/@@ACT_LOG /'; fi; rm -f "$_ff_log"`,
    s.exports,
    `if ${s.cd} 2>/dev/null; then echo "@@LFDIR $(pwd -P)"; else echo "@@LFDIR_MISSING"; fi`,
    `echo "@@CLI $(command -v llamafactory-cli 2>/dev/null)"`,
    `echo "@@LOGINPATH $PATH"`,
    `if command -v llamafactory-cli >/dev/null 2>&1; then`,
    `  out=$(timeout 180 llamafactory-cli version 2>&1); rc=$?; printf '%s\\n' "$out" | tail -n 20 | sed 's/^/@@VER /'; echo "@@VER_RC $rc"`,
    `  if [ $rc -eq 0 ]; then timeout 180 llamafactory-cli env 2>&1 | tail -n 40 | sed 's/^/@@ENV /'; fi`,
    `fi`,
    `echo "@@DRIVER $(nvidia-smi --query-gpu=driver_version --format=csv,noheader 2>/dev/null | head -n 1)"`,
    `( mkdir -p -- ${remotePath(p.runsDir)} 2>/dev/null && cd -- ${remotePath(p.runsDir)} && echo "@@RUNS $(pwd -P)" && df -Pk . | awk 'NR==2 { print "@@DISK " $4 }' ) || echo "@@RUNS_FAIL"`,
    `if [ -f data/dataset_info.json ]; then echo "@@DSI $(head -c ${MAX_DSI_BYTES} data/dataset_info.json | base64 | tr -d '\\n')"; else echo "@@DSI_MISSING"; fi`,
  ].join("\n"));
}

function lines(stdout: string, tag: string): string[] {
  const p = `@@${tag} `;
  return stdout.split("\n").filter((l) => l.startsWith(p) || l === `@@${tag}`).map((l) => l.slice(p.length));
}
const one = (stdout: string, tag: string) => lines(stdout, tag)[0]?.trim() || null;

/** Parses the `llamafactory-cli env` bullet list ("- PyTorch version: 2.8.0+cu128 (GPU)"). */
export function parseLfEnv(text: string): { lf: string | null; transformers: string | null; torch: string | null } {
  const get = (re: RegExp) => re.exec(text)?.[1]?.trim() ?? null;
  return {
    lf: get(/^- `llamafactory` version:\s*(\S+)/m) ?? get(/^- LLaMA Factory version:\s*(\S+)/m) ?? get(/Welcome to LLaMA Factory, version\s+(\S+)/),
    transformers: get(/^- Transformers version:\s*(\S+)/m),
    torch: get(/^- PyTorch version:\s*(\S+)/m),
  };
}

export function parseDatasetInfo(b64: string | null): { names: string[]; error: string | null } {
  if (b64 === null) return { names: [], error: "data/dataset_info.json not found in the LF working directory" };
  try {
    const j: unknown = JSON.parse(Buffer.from(b64, "base64").toString("utf8"));
    if (!j || typeof j !== "object" || Array.isArray(j)) return { names: [], error: "data/dataset_info.json is not a JSON object" };
    return { names: Object.keys(j).sort(), error: null };
  } catch (e) {
    return { names: [], error: `data/dataset_info.json does not parse: ${(e as Error).message.slice(0, 200)}` };
  }
}

export function parseRuntimeProbe(stdout: string, p: TProfile & { version: number }, now = new Date()): TRuntimeInfo {
  const act = lines(stdout, "ACT_FAIL")[0];
  const actLog = lines(stdout, "ACT_LOG").join("\n").trim();
  const cli = one(stdout, "CLI");
  const verRc = one(stdout, "VER_RC");
  const verOut = lines(stdout, "VER").join("\n");
  const env = parseLfEnv(lines(stdout, "ENV").join("\n"));
  const banner = parseLfEnv(verOut).lf;
  const disk = one(stdout, "DISK");
  const dsiLine = lines(stdout, "DSI")[0];
  const dsi = parseDatasetInfo(dsiLine === undefined ? null : dsiLine.trim());
  const lfDirAbs = one(stdout, "LFDIR");
  const runsDirAbs = one(stdout, "RUNS");
  let problem: string | null = null;
  if (act !== undefined) problem = `The activation line failed (exit ${act.trim()})${actLog ? `: ${actLog.split("\n").slice(-3).join(" ").slice(0, 300)}` : ""}.`;
  else if (stdout.includes("@@LFDIR_MISSING")) problem = `The LF working directory ${p.lfDir} does not exist on the host (or cannot be entered).`;
  else if (!cli) problem = `llamafactory-cli is not on PATH after the activation line${p.activation ? "" : " (the profile has none: LF is looked for on the login PATH)"}. Set the activation line, e.g. \`source ~/LLaMA-Factory/.venv/bin/activate\`, or press Detect.`;
  else if (verRc !== "0") problem = `\`llamafactory-cli version\` failed (exit ${verRc ?? "?"}): ${verOut.trim().split("\n").slice(-2).join(" ").slice(0, 300)}`;
  else if (!runsDirAbs) problem = `The runs folder ${p.runsDir} cannot be created or entered on the host.`;
  return {
    ok: problem === null,
    problem,
    probedAt: now.toISOString(),
    profileVersion: p.version,
    home: one(stdout, "HOME"),
    lfDirAbs,
    runsDirAbs,
    cliPath: cli,
    lfVersion: env.lf ?? banner,
    transformersVersion: env.transformers,
    torchVersion: env.torch,
    cudaDriver: one(stdout, "DRIVER"),
    diskFreeBytes: disk && /^\d+$/.test(disk) ? Number(disk) * 1024 : null,
    datasets: dsi.names.slice(0, 5000),
    datasetInfoError: lfDirAbs ? dsi.error : null,
  };
}
