// `cli preset lint FILE.yaml [--json]`: validates a training YAML offline (no server, DB or env), for CI.
// Exit 0 when there are no errors (warnings allowed), 1 when there are, 2 on usage mistakes.
import { readFile } from "node:fs/promises";
import { checkPresetYaml } from "@/lib/presets/validate-preset-yaml";
import type { TLintOptions } from "@/lib/presets/lint-config";
import type { TLintResult } from "@/lib/presets/types";

const USAGE = "usage: cli preset lint FILE.yaml [--json] [--lf-version X.Y.Z] [--transformers-version X.Y.Z] [--allow-extra-keys]\n";

function printHuman(file: string, r: TLintResult): void {
  const lines = [
    ...r.errors.map((e) => `error   ${e.key || "(file)"}: ${e.message}`),
    ...r.warnings.map((w) => `warning ${w.key || "(file)"}: ${w.message}`),
  ];
  process.stdout.write(`${lines.join("\n")}${lines.length ? "\n" : ""}${file}: ${r.ok ? "ok" : "invalid"} (${r.errors.length} errors, ${r.warnings.length} warnings)\n`);
}

async function lint(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const opts: TLintOptions = { allowExtraKeys: argv.includes("--allow-extra-keys") };
  const files: string[] = [];
  let unknown: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--json" || a === "--allow-extra-keys") continue;
    if (a === "--lf-version" || a === "--transformers-version") {
      const v = argv[++i];
      if (!v || v.startsWith("--")) { unknown = `${a} needs a version`; break; }
      if (a === "--lf-version") opts.lfVersion = v; else opts.transformersVersion = v;
    } else if (a.startsWith("--")) unknown = a;
    else files.push(a);
  }
  if (files.length !== 1 || unknown) {
    process.stderr.write(unknown ? `${unknown.includes(" ") ? unknown : `unknown option ${unknown}`}\n${USAGE}` : USAGE);
    return 2;
  }
  const file = files[0]!;
  let result: TLintResult;
  try {
    result = checkPresetYaml(await readFile(file, "utf8"), opts);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    result = { ok: false, errors: [{ key: "", message: code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file}: ${(e as Error).message}` }], warnings: [] };
  }
  if (json) process.stdout.write(`${JSON.stringify({ ok: result.ok, errors: result.errors, warnings: result.warnings })}\n`);
  else printHuman(file, result);
  return result.ok ? 0 : 1;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "lint") return lint(rest);
  process.stderr.write(USAGE);
  return 2;
}
