// "Detect": looks over SSH for the layouts teams use (a venv inside or beside the LF checkout, a
// conda/mamba env, LF on the login PATH) and proposes a profile. The script is fixed text: no user
// value goes into it; what it finds is parsed and validated like typed input.
import { asBash } from "@/lib/hosts/profile/profile-script";
import { parseActivation } from "@/lib/hosts/profile/activation";
import { DEFAULT_PROFILE } from "@/lib/hosts/profile/profile-input";

export type TDetected = { activation: string; lfDir: string; via: string };

const CHECKOUTS = ["$HOME/LLaMA-Factory", "$HOME/LlamaFactory", "$HOME/llama-factory", "$HOME/LLaMA-Factory-main", "$HOME/src/LLaMA-Factory", "$HOME/code/LLaMA-Factory", "/opt/LLaMA-Factory", "/workspace/LLaMA-Factory"];
const CONDA_ROOTS = ["$HOME/miniconda3", "$HOME/anaconda3", "$HOME/miniforge3", "$HOME/mambaforge", "$HOME/.conda", "/opt/conda", "/opt/miniconda3", "/opt/anaconda3"];

export function detectCommand(): string {
  return asBash([
    `t() { case "$1" in "$HOME"/*) printf '~/%s' "\${1#"$HOME"/}" ;; *) printf '%s' "$1" ;; esac; }`,
    `for d in ${CHECKOUTS.map((c) => `"${c}"`).join(" ")}; do [ -f "$d/data/dataset_info.json" ] && echo "@@LF $(t "$d")"; done`,
    `for d in ${CHECKOUTS.map((c) => `"${c}"`).join(" ")}; do for v in .venv venv env; do [ -x "$d/$v/bin/llamafactory-cli" ] && [ -f "$d/$v/bin/activate" ] && printf '@@CAND venv\\t%s\\t%s\\n' "source $(t "$d/$v/bin/activate")" "$(t "$d")"; done; done`,
    `for v in "$HOME"/venvs/* "$HOME"/.venvs/* "$HOME"/.virtualenvs/*; do [ -x "$v/bin/llamafactory-cli" ] && [ -f "$v/bin/activate" ] && printf '@@CAND venv\\t%s\\t-\\n' "source $(t "$v/bin/activate")"; done`,
    `for r in ${CONDA_ROOTS.map((c) => `"${c}"`).join(" ")}; do [ -f "$r/bin/activate" ] || continue; [ -x "$r/bin/llamafactory-cli" ] && printf '@@CAND conda\\t%s\\t-\\n' "source $(t "$r/bin/activate")"; for e in "$r"/envs/*; do [ -x "$e/bin/llamafactory-cli" ] && printf '@@CAND conda\\t%s\\t-\\n' "source $(t "$r/bin/activate") $(basename "$e")"; done; done`,
    `p=$(command -v llamafactory-cli 2>/dev/null) && printf '@@CAND path\\t\\t-\\n'`,
    `true`,
  ].join("\n"));
}

export function parseDetect(stdout: string): { candidates: TDetected[]; checkouts: string[] } {
  const checkouts = stdout.split("\n").filter((l) => l.startsWith("@@LF ")).map((l) => l.slice(5).trim());
  const candidates: TDetected[] = [];
  for (const l of stdout.split("\n")) {
    if (!l.startsWith("@@CAND ")) continue;
    const [via, activation = "", lf = "-"] = l.slice(7).split("\t");
    if (!parseActivation(activation).ok) continue; // an odd folder name: let the user type it instead
    const lfDir = lf !== "-" ? lf : checkouts[0] ?? DEFAULT_PROFILE.lfDir;
    const label = via === "venv" ? "virtualenv" : via === "conda" ? "conda env" : "login PATH";
    if (!candidates.some((c) => c.activation === activation && c.lfDir === lfDir)) candidates.push({ activation, lfDir, via: label });
  }
  return { candidates, checkouts };
}
