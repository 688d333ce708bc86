// Bash text that puts a shell where a host profile says LF runs: activation, exported env vars, cd
// into the LF checkout. Shared by the probe, the preflight and the launch so they cannot disagree.
import { shQuote } from "@/lib/ssh/quote";
import { activationScript, parseActivation } from "@/lib/hosts/profile/activation";
import { remotePath } from "@/lib/hosts/profile/remote-path";
import type { TProfile } from "@/lib/hosts/profile/profile-input";

export type TProfileScript = { activate: string; exports: string; cd: string };

export function profileScript(p: Pick<TProfile, "activation" | "lfDir" | "envVars">): TProfileScript {
  const parsed = parseActivation(p.activation);
  if (!parsed.ok) throw new Error(`activation: ${parsed.error}`);
  const names = Object.keys(p.envVars).sort();
  for (const n of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new Error(`env var name ${JSON.stringify(n)} is not valid`);
  return {
    activate: activationScript(parsed.steps),
    exports: names.length ? names.map((n) => `export ${n}=${shQuote(p.envVars[n]!)}`).join("; ") : "true",
    cd: `cd -- ${remotePath(p.lfDir)}`,
  };
}

/** `bash -c SCRIPT`: the whole script travels as one quoted word, whatever the login shell is. */
export function asBash(script: string): string {
  return `bash -c ${shQuote(script)}`;
}
