// What a user may save as a host runtime profile. Env var names are checked; the ones Factory Floor
// sets itself per run (GPU pinning, LlamaBoard stop, torchrun switches) or that would change how
// every process starts are refused, with the reason.
import { z } from "zod";
import { parseActivation } from "@/lib/hosts/profile/activation";

const RESERVED: Record<string, string> = {
  CUDA_VISIBLE_DEVICES: "is set per run from the GPUs picked at launch",
  LLAMABOARD_ENABLED: "is set per run (graceful stop)",
  LLAMABOARD_WORKDIR: "is set per run (graceful stop)",
  FORCE_TORCHRUN: "is set per run when LF needs it (DeepSpeed on one GPU)",
  ALLOW_EXTRA_ARGS: "is set per run only when the preset allows extra keys",
  PATH: "comes from the activation line",
  HOME: "is the login user's home",
  LD_PRELOAD: "would change every process the run starts",
  BASH_ENV: "would change every shell the run starts",
  ENV: "would change every shell the run starts",
  IFS: "would change how the shell splits words",
};

const ZPath = (what: string) =>
  z.string().trim().min(1, "is required").max(500, "is longer than 500 characters")
    .refine((p) => !p.includes("\0") && !/[\n\r]/.test(p), "must be one line")
    .refine((p) => p.startsWith("/") || p === "~" || p.startsWith("~/"), `must be absolute or start with ~/ (the ${what} is used from other folders)`);

export const ZEnvVars = z.record(z.string(), z.string().max(4000, "is longer than 4000 characters")).superRefine((vars, ctx) => {
  const names = Object.keys(vars);
  if (names.length > 50) ctx.addIssue({ code: "custom", message: "at most 50 variables" });
  for (const n of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(n)) ctx.addIssue({ code: "custom", path: [n], message: `"${n}" is not a valid variable name (letters, digits, _; not starting with a digit)` });
    else if (RESERVED[n]) ctx.addIssue({ code: "custom", path: [n], message: `${n} ${RESERVED[n]}` });
    if (vars[n]!.includes("\0")) ctx.addIssue({ code: "custom", path: [n], message: "contains a NUL byte" });
  }
});

export const ZProfileInput = z.object({
  activation: z.string().max(500).default("").superRefine((a, ctx) => {
    const p = parseActivation(a);
    if (!p.ok) ctx.addIssue({ code: "custom", message: p.error });
  }),
  lfDir: ZPath("LF working directory"),
  runsDir: ZPath("runs folder"),
  envVars: ZEnvVars.default({}),
  message: z.string().trim().max(200).default(""),
});
export type TProfileInput = z.input<typeof ZProfileInput>;
export type TProfile = z.output<typeof ZProfileInput>;

/** The default for a host nobody configured: LF on the login PATH, checkout in ~/LLaMA-Factory. */
export const DEFAULT_PROFILE: TProfile = { activation: "", lfDir: "~/LLaMA-Factory", runsDir: "~/ffloor-runs", envVars: {}, message: "" };

/** "NAME=value" lines (the form's textarea) → {NAME: value}; a line without "=" is an error naming it. */
export function parseEnvLines(text: string): { vars: Record<string, string>; errors: string[] } {
  const vars: Record<string, string> = {};
  const errors: string[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (!line.trim() || line.trim().startsWith("#")) return;
    const eq = line.indexOf("=");
    if (eq <= 0) { errors.push(`line ${i + 1}: write NAME=value`); return; }
    const name = line.slice(0, eq).trim().replace(/^export\s+/, "");
    if (name in vars) errors.push(`line ${i + 1}: ${name} is set twice`);
    vars[name] = line.slice(eq + 1);
  });
  return { vars, errors };
}
