// The preflight as one SSH exec: through the host profile, read dataset_info.json, test the local
// paths, resolve the runs folder with its free space, read the GPUs. Paths from the config are
// quoted literally (LF does not expand ~ or $VARS either); profile paths go through remotePath.
import { shQuote } from "@/lib/ssh/quote";
import { remotePath } from "@/lib/hosts/profile/remote-path";
import { asBash, profileScript } from "@/lib/hosts/profile/profile-script";
import type { TProfile } from "@/lib/hosts/profile/profile-input";
import type { TPreflightPlan } from "@/lib/runs/preflight/plan";

const MAX_DSI_BYTES = 8_000_000;

export function preflightCommand(profile: TProfile, plan: TPreflightPlan): string {
  const s = profileScript(profile);
  const dsi = plan.datasetDir === null ? null : `${plan.datasetDir.replace(/\/+$/, "")}/dataset_info.json`;
  return asBash([
    `echo "@@HOME $HOME"`,
    `{ ${s.activate}; } >/dev/null 2>&1 < /dev/null || echo "@@ACT_FAIL $?"`,
    s.exports,
    `${s.cd} 2>/dev/null || { echo "@@LFDIR_MISSING"; exit 0; }`,
    `echo "@@LFDIR $(pwd -P)"`,
    `echo "@@CLI $(command -v llamafactory-cli 2>/dev/null)"`,
    ...(dsi && plan.datasets.length
      ? [`if [ -f ${shQuote(dsi)} ]; then echo "@@DSI $(head -c ${MAX_DSI_BYTES} ${shQuote(dsi)} | base64 | tr -d '\\n')"; else echo "@@DSI_MISSING"; fi`]
      : []),
    ...plan.paths.map((p, i) => `if [ -d ${shQuote(p.path)} ]; then echo "@@P ${i} d"; elif [ -f ${shQuote(p.path)} ]; then echo "@@P ${i} f"; elif [ -e ${shQuote(p.path)} ]; then echo "@@P ${i} o"; else echo "@@P ${i} -"; fi`),
    `( mkdir -p -- ${remotePath(profile.runsDir)} 2>/dev/null && cd -- ${remotePath(profile.runsDir)} && echo "@@RUNS $(pwd -P)" && df -Pk . | awk 'NR==2 { print "@@DISK " $4 }' ) || echo "@@RUNS_FAIL"`,
    `nvidia-smi --query-gpu=index,memory.total,memory.used --format=csv,noheader,nounits 2>/dev/null | sed 's/^/@@GPU /'`,
    `true`,
  ].join("\n"));
}

export type TPreflightProbe = {
  home: string | null;
  activationFailed: string | null;
  lfDirMissing: boolean;
  lfDirAbs: string | null;
  cli: string | null;
  datasetInfo: { missing: true } | { missing: false; b64: string } | null;
  paths: Map<number, "d" | "f" | "o" | "-">;
  runsDirAbs: string | null;
  diskFreeBytes: number | null;
  gpus: Map<number, { totalMiB: number; usedMiB: number }>;
};

export function parsePreflight(stdout: string): TPreflightProbe {
  const out: TPreflightProbe = { home: null, activationFailed: null, lfDirMissing: false, lfDirAbs: null, cli: null, datasetInfo: null, paths: new Map(), runsDirAbs: null, diskFreeBytes: null, gpus: new Map() };
  for (const raw of stdout.split("\n")) {
    const l = raw.replace(/\r$/, "");
    const [tag, ...rest] = l.split(" ");
    const v = rest.join(" ").trim();
    switch (tag) {
      case "@@HOME": out.home = v || null; break;
      case "@@ACT_FAIL": out.activationFailed = v || "?"; break;
      case "@@LFDIR_MISSING": out.lfDirMissing = true; break;
      case "@@LFDIR": out.lfDirAbs = v || null; break;
      case "@@CLI": out.cli = v || null; break;
      case "@@DSI": out.datasetInfo = { missing: false, b64: v }; break;
      case "@@DSI_MISSING": out.datasetInfo = { missing: true }; break;
      case "@@P": { const [i, k] = rest; if (/^\d+$/.test(i ?? "") && ["d", "f", "o", "-"].includes(k ?? "")) out.paths.set(Number(i), k as "d"); break; }
      case "@@RUNS": out.runsDirAbs = v || null; break;
      case "@@DISK": if (/^\d+$/.test(v)) out.diskFreeBytes = Number(v) * 1024; break;
      case "@@GPU": {
        const [i, t, u] = v.split(",").map((x) => x.trim());
        if ([i, t, u].every((x) => /^\d+$/.test(x ?? ""))) out.gpus.set(Number(i), { totalMiB: Number(t), usedMiB: Number(u) });
        break;
      }
    }
  }
  return out;
}
