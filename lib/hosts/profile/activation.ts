// The activation line of a host runtime profile ("source ~/LLaMA-Factory/.venv/bin/activate",
// "module load cuda/12.4 && conda activate lf"). It is parsed into known commands and plain words, so
// the shell text we send is rebuilt from quoted words (lib/ssh/quote.ts) and never spliced in raw.
import { shQuote } from "@/lib/ssh/quote";
import { remotePath } from "@/lib/hosts/profile/remote-path";

export type TActivationStep =
  | { kind: "source"; path: string; args: string[] }
  | { kind: "module"; args: string[] }
  | { kind: "conda"; tool: "conda" | "mamba" | "micromamba"; env: string }
  | { kind: "spack"; args: string[] };

export type TActivationParse = { ok: true; steps: TActivationStep[] } | { ok: false; error: string };

const WORD = /^[A-Za-z0-9_./~+@:=,%-]+$/;
export const ACTIVATION_MAX = 500;

/** Statements joined by `&&`, `;` or new lines; each one a command we know how to run unattended. */
export function parseActivation(line: string): TActivationParse {
  if (line.length > ACTIVATION_MAX) return { ok: false, error: `is longer than ${ACTIVATION_MAX} characters` };
  const steps: TActivationStep[] = [];
  const statements = line.split(/&&|;|\n/).map((s) => s.trim()).filter(Boolean);
  for (const st of statements) {
    const words = st.split(/[ \t]+/);
    const bad = words.find((w) => !WORD.test(w));
    if (bad !== undefined)
      return { ok: false, error: `"${bad}" has a character the activation line does not allow (quotes, $, backticks, pipes, redirects); use plain paths and names` };
    const [cmd, ...args] = words as [string, ...string[]];
    if (cmd === "source" || cmd === ".") {
      if (!args[0]) return { ok: false, error: `"${st}" needs a file to source` };
      steps.push({ kind: "source", path: args[0], args: args.slice(1) });
    } else if (cmd === "module" || cmd === "ml") {
      if (!args.length) return { ok: false, error: `"${st}" needs a module command (e.g. module load cuda/12.4)` };
      steps.push({ kind: "module", args: cmd === "ml" ? ["load", ...args] : args });
    } else if (cmd === "conda" || cmd === "mamba" || cmd === "micromamba") {
      if (args[0] !== "activate" || args.length !== 2) return { ok: false, error: `"${st}": write \`${cmd} activate ENV\`` };
      steps.push({ kind: "conda", tool: cmd, env: args[1]! });
    } else if (cmd === "spack") {
      if (args[0] !== "load" || args.length < 2) return { ok: false, error: `"${st}": write \`spack load PACKAGE\`` };
      steps.push({ kind: "spack", args: args.slice(1) });
    } else {
      return { ok: false, error: `"${cmd}" is not an activation command; use source/. FILE, module load, conda activate ENV or spack load` };
    }
  }
  return { ok: true, steps };
}

// Non-interactive shells have no `module` function until its init script is sourced.
const MODULE_INIT = `if ! command -v module >/dev/null 2>&1; then for f in /etc/profile.d/modules.sh /etc/profile.d/lmod.sh /usr/share/lmod/lmod/init/bash /usr/share/modules/init/bash; do [ -f "$f" ] && . "$f" && break; done; fi`;

/** Bash text for the steps; every user word is quoted. Empty steps → "true". */
export function activationScript(steps: TActivationStep[]): string {
  if (!steps.length) return "true";
  return steps
    .map((s) => {
      switch (s.kind) {
        case "source":
          return `. ${remotePath(s.path)}${s.args.map((a) => " " + shQuote(a)).join("")}`;
        case "module":
          return `{ ${MODULE_INIT}; module ${s.args.map(shQuote).join(" ")}; }`;
        case "conda":
          return s.tool === "micromamba"
            ? `{ eval "$(micromamba shell hook --shell bash)" && micromamba activate ${shQuote(s.env)}; }`
            : `{ eval "$(${s.tool} shell.bash hook 2>/dev/null)" && ${s.tool} activate ${shQuote(s.env)}; }`;
        case "spack":
          return `spack load ${s.args.map(shQuote).join(" ")}`;
      }
    })
    .join(" && ");
}
