// The one remote `find` an import runs, and the parse of what it prints. LLaMA-Factory leaves an
// output_dir holding trainer_log.jsonl (LogCallback), trainer_state.json (HF save_state) and, from
// LLaMA-Board, training_args.yaml + llamaboard_config.yaml (reference/llamafactory.md §2). Checkpoint
// folders carry their own trainer_state.json: they are pruned, or every checkpoint would import as a run.
import path from "node:path";
import { z } from "zod";
import { shQuote } from "@/lib/ssh/quote";

export const RUN_FILES = ["trainer_log.jsonl", "trainer_state.json", "training_args.yaml", "llamaboard_config.yaml", "all_results.json"] as const;
export type TRunFile = (typeof RUN_FILES)[number];
/** A folder is an output dir when it holds one of these (all_results.json alone is any HF eval). */
const MARKERS: readonly TRunFile[] = ["trainer_log.jsonl", "trainer_state.json", "training_args.yaml"];
export const MAX_IMPORT_DIRS = 20_000;

export const ZImportPath = z.string().trim().min(1, "Give a folder on the host.").max(1024, "The path is longer than 1024 characters.")
  .refine((s) => !/[\0\n\r]/.test(s), "The path may not contain NUL or line breaks.");

export type TFoundDir = {
  /** Absolute, as the host resolved it (symlinks in the root followed). */
  dir: string;
  /** Relative to the import root ("." for the root itself): the imported run's name. */
  rel: string;
  files: Partial<Record<TRunFile, { size: number; mtimeMs: number }>>;
};

/** `~` and `~/x` mean the login user's home; everything else is literal (and relative = from home). */
function rootExpr(p: string): string {
  if (p === "~") return `"$HOME"`;
  if (p.startsWith("~/")) return `"$HOME"/${shQuote(p.slice(2))}`;
  return shQuote(p);
}

export function findRunDirsCommand(root: string): string {
  const names = RUN_FILES.map((n) => `-name ${shQuote(n)}`).join(" -o ");
  return [
    `R=$(cd -- ${rootExpr(root)} 2>/dev/null && pwd -P) || { echo NOROOT; exit 3; }`,
    `printf 'ROOT %s\\0' "$R"`,
    // Hidden folders, checkpoints and DeepSpeed shards are never output dirs; pruning keeps a big saves/ cheap.
    `find "$R" -mindepth 1 -maxdepth 12 -type d \\( -name 'checkpoint-*' -o -name 'best-checkpoint-*' -o -name 'global_step*' -o -name '.*' -o -name node_modules -o -name __pycache__ \\) -prune` +
      ` -o -type f \\( ${names} \\) -printf '%s %T@ %p\\0' 2>/dev/null`,
    `exit 0`,
  ].join("\n");
}

export type TFindResult = { ok: true; root: string; dirs: TFoundDir[]; truncated: boolean } | { ok: false; error: string };

export function parseFindOutput(stdout: string, asked: string): TFindResult {
  if (stdout.trim() === "NOROOT") return { ok: false, error: `The folder "${asked}" does not exist on the host (or is not readable by the login user).` };
  const parts = stdout.split("\0");
  const head = parts.shift() ?? "";
  if (!head.startsWith("ROOT ")) return { ok: false, error: "The host's find printed something unexpected (is GNU find installed?)." };
  const root = head.slice(5);
  const byDir = new Map<string, TFoundDir>();
  for (const entry of parts) {
    const m = /^(\d+) (\d+(?:\.\d+)?) (\/.*)$/s.exec(entry);
    if (!m) continue;
    const file = path.posix.basename(m[3]!) as TRunFile;
    if (!RUN_FILES.includes(file)) continue;
    const dir = path.posix.dirname(m[3]!);
    let d = byDir.get(dir);
    if (!d) {
      const rel = path.posix.relative(root, dir) || ".";
      d = { dir, rel, files: {} };
      byDir.set(dir, d);
    }
    d.files[file] = { size: Number(m[1]), mtimeMs: Math.round(Number(m[2]) * 1000) };
  }
  const all = [...byDir.values()].filter((d) => MARKERS.some((f) => d.files[f])).sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  return { ok: true, root, dirs: all.slice(0, MAX_IMPORT_DIRS), truncated: all.length > MAX_IMPORT_DIRS };
}
