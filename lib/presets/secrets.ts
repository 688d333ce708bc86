// Secrets in preset YAML never rest in plain text: the stored text carries SECRET_MASK where each
// value was (a splice, so comments and order survive) and the values are sealed with AES-256-GCM in
// a separate column. Pages, exports, diffs and audit rows only ever see the masked text; the real
// values come back in two places: the YAML uploaded to the GPU host, and an explicit admin/operator
// "reveal" (audited without the values).
import { env } from "@/lib/env";
import { open, seal } from "@/lib/crypto/secret-box";
import { isSecretValue, SECRET_MASK } from "@/lib/presets/secret-keys";
import { parsePresetYaml, setKey } from "@/lib/presets/yaml";
import { AppError } from "@/lib/errors";
import YAML from "yaml";

export type TSecrets = Record<string, string>;

function topLevel(text: string): Record<string, unknown> {
  const v = YAML.parse(text, { version: "1.1" }) as unknown;
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Replaces every secret value in the text with the mask; returns the masked text and the values. */
export function maskSecrets(text: string): { masked: string; secrets: TSecrets } {
  const secrets: TSecrets = {};
  let masked = text;
  for (const [k, v] of Object.entries(topLevel(text))) {
    if (!isSecretValue(k, v)) continue;
    secrets[k] = v;
    masked = setKey(masked, k, SECRET_MASK);
  }
  return { masked, secrets };
}

export function maskedKeys(text: string): string[] {
  try {
    return Object.entries(topLevel(text)).filter(([, v]) => v === SECRET_MASK).map(([k]) => k);
  } catch { return []; }
}

export const sealSecrets = (s: TSecrets): string | null => (Object.keys(s).length ? seal(JSON.stringify(s), env().HOST_KEY_SECRET) : null);
export const openSecrets = (sealed: string | null | undefined): TSecrets => (sealed ? (JSON.parse(open(sealed, env().HOST_KEY_SECRET)) as TSecrets) : {});

/** Puts the real values back where the text still carries the mask. */
export function revealSecrets(masked: string, secrets: TSecrets): string {
  let text = masked;
  const cfg = topLevel(masked);
  for (const [k, v] of Object.entries(secrets)) if (cfg[k] === SECRET_MASK) text = setKey(text, k, v);
  return text;
}

/**
 * What a save stores: the text with new secret values masked, and the sealed values. A key still
 * showing the mask keeps the value it had in the version the editor started from.
 */
export function prepareSecrets(text: string, base: TSecrets, field = "yaml"): { yaml: string; secretsSealed: string | null; keys: string[]; secrets: TSecrets } {
  if (!parsePresetYaml(text).ok) return { yaml: text, secretsSealed: null, keys: [], secrets: {} }; // the lint gate reports why
  const { masked, secrets } = maskSecrets(text);
  const all: TSecrets = { ...secrets };
  for (const k of maskedKeys(masked)) {
    if (k in secrets) continue;
    if (!(k in base)) throw new AppError("invalid", `${k} shows the secret mask but no saved value exists for it: type the value again.`, field);
    all[k] = base[k]!;
  }
  return { yaml: masked, secretsSealed: sealSecrets(all), keys: Object.keys(all).sort(), secrets: all };
}

/** Same secrets, whatever order or IV they were sealed with. */
export function sameSecrets(a: TSecrets, b: TSecrets): boolean {
  const norm = (s: TSecrets) => JSON.stringify(Object.keys(s).sort().map((k) => [k, s[k]]));
  return norm(a) === norm(b);
}
