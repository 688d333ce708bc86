// What a training's command line says about its config, the way LF reads it (hparams/parser.py
// read_args): `llamafactory-cli train x.yaml [key=value ...]` loads the YAML and merges the
// OmegaConf-style overrides on top; without a YAML/JSON first argument the args are HfArgumentParser
// flags (`--output_dir out`). torchrun's workers run `launcher.py x.yaml ...` with the same args.
// ps prints argv joined by spaces, so a path with spaces cannot be told apart: such a path is read
// as far as the first space, and the read of that file then fails with a message saying so.
import path from "node:path";

export type TLfArgs =
  | { ok: true; command: string; configPath: string | null; outputDirArg: string | null; overrides: Record<string, string> }
  | { ok: false; reason: string };

const ENTRY = /^(llamafactory-cli|lmf)(\.mjs)?$/;
const LAUNCHER = /^launcher\.(py|mjs)$/;

export function parseLfArgs(args: string): TLfArgs {
  const argv = args.split(/\s+/).filter(Boolean);
  let i = argv.findIndex((a) => ENTRY.test(path.posix.basename(a)));
  let rest: string[];
  if (i >= 0) {
    const cmd = argv[i + 1];
    if (cmd !== "train") return { ok: false, reason: `\`llamafactory-cli ${cmd ?? ""}\` is not a training` };
    rest = argv.slice(i + 2);
  } else {
    i = argv.findIndex((a) => LAUNCHER.test(path.posix.basename(a)));
    if (i < 0) return { ok: false, reason: "not a LLaMA-Factory process" };
    rest = argv.slice(i + 1);
    if (rest[0] === "train") rest = rest.slice(1);
  }
  const overrides: Record<string, string> = {};
  const first = rest[0];
  if (first && /\.(ya?ml|json)$/i.test(first)) {
    for (const kv of rest.slice(1)) {
      const eq = kv.indexOf("=");
      if (eq > 0) overrides[kv.slice(0, eq).replace(/^-+/, "")] = kv.slice(eq + 1);
    }
    return { ok: true, command: argv.slice(i).join(" "), configPath: first, outputDirArg: overrides.output_dir ?? null, overrides };
  }
  for (let k = 0; k < rest.length; k++) {
    const a = rest[k]!;
    const m = /^--([A-Za-z0-9_.]+)(?:=(.*))?$/.exec(a);
    if (!m) continue;
    const v = m[2] ?? (rest[k + 1] && !rest[k + 1]!.startsWith("--") ? rest[++k]! : "true");
    overrides[m[1]!] = v;
  }
  return { ok: true, command: argv.slice(i).join(" "), configPath: null, outputDirArg: overrides.output_dir ?? null, overrides };
}

/** LF does not expand `~`; a relative path is relative to the process's working directory. */
export function resolveFromCwd(p: string, cwd: string | null): string | null {
  if (p.startsWith("/")) return path.posix.normalize(p);
  if (!cwd) return null;
  return path.posix.normalize(path.posix.join(cwd, p));
}
