// LLaMA-Factory versions as hosts report them (`0.9.4`, `0.9.6.dev0`, `v0.9.3`) mapped onto the
// releases the key catalogue was read from. A dev build comes before its release (0.9.5.dev0 < 0.9.5),
// so it is linted as the newest release before it: what it accepts for certain.
import { LF_REFERENCE_VERSION, LF_VERSIONS } from "@/lib/presets/lf-keys.generated";

export type TLfVersion = (typeof LF_VERSIONS)[number];
type TParts = [number, number, number, number]; // major, minor, patch, dev (dev = -1 for a release)

export function parseVersion(text: string): TParts | null {
  const m = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?(?:[.-]?(dev|rc|a|b)(\d*))?/i.exec(text);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4] ? Number(m[5] || 0) - 1_000_000 : 0];
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a), pb = parseVersion(b);
  if (!pa || !pb) throw new Error(`not a version: ${pa ? b : a}`);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

export type TResolvedVersion = { version: TLfVersion; note: string | null };

/** The catalogue version to lint against; `note` says when the host's version is outside the catalogue. */
export function resolveLfVersion(hostVersion: string | null | undefined): TResolvedVersion {
  if (!hostVersion) return { version: LF_REFERENCE_VERSION as TLfVersion, note: null };
  if (!parseVersion(hostVersion)) return { version: LF_REFERENCE_VERSION as TLfVersion, note: `LLaMA-Factory version "${hostVersion.slice(0, 40)}" is not readable; linted against ${LF_REFERENCE_VERSION}` };
  const older = LF_VERSIONS.filter((v) => compareVersions(v, hostVersion) <= 0);
  if (older.length === 0) return { version: LF_VERSIONS[0], note: `LLaMA-Factory ${hostVersion} is older than ${LF_VERSIONS[0]}, the oldest release this dashboard has read; linted against ${LF_VERSIONS[0]}` };
  const v = older[older.length - 1]!;
  const newer = compareVersions(hostVersion, LF_REFERENCE_VERSION) > 0;
  return { version: v, note: newer ? `LLaMA-Factory ${hostVersion} is newer than ${LF_REFERENCE_VERSION}, the newest version this dashboard has read: keys added since are reported as unknown` : null };
}

export const atLeast = (v: string, min: string) => compareVersions(v, min) >= 0;
