// The keys a given LLaMA-Factory + transformers install accepts, read from the catalogue generated
// from LF's hparams and HF's TrainingArguments (lib/presets/lf-keys.generated.ts). install-host.mjs
// stores the set in versions.json so the simulated HfArgumentParser refuses exactly what that
// version refuses.
import fs from "node:fs";

function parts(v) {
  const m = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?(?:[.-]?(dev|rc|a|b)(\d*))?/i.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4] ? Number(m[5] || 0) - 1_000_000 : 0] : null;
}
export function cmpVersion(a, b) {
  const pa = parts(a), pb = parts(b);
  if (!pa || !pb) throw new Error(`not a version: ${pa ? b : a}`);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** @returns {string[] | null} sorted keys, or null when the catalogue file is not there */
export function acceptedKeys(catalogFile, lfVersion, transformersVersion) {
  let text;
  try { text = fs.readFileSync(catalogFile, "utf8"); } catch { return null; }
  const major = String(parts(transformersVersion)?.[0] ?? 5);
  const keys = [];
  let section = null;
  for (const line of text.split("\n")) {
    const sec = /^export const (LF_KEYS|HF_KEYS)\b/.exec(line);
    if (sec) { section = sec[1]; continue; }
    if (line.startsWith("};")) { section = null; continue; }
    const m = section && /^\s*"([A-Za-z0-9_]+)": (\{.*\}),?\s*$/.exec(line);
    if (!m) continue;
    const spec = JSON.parse(m[2]);
    if (section === "LF_KEYS") {
      if (cmpVersion(spec.since, lfVersion) > 0) continue;
      if (spec.removedIn && cmpVersion(lfVersion, spec.removedIn) >= 0) continue;
    } else if (!spec.in.includes(major)) continue;
    keys.push(m[1]);
  }
  return keys.length ? [...new Set(keys)].sort() : null;
}
