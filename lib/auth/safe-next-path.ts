// ?next= must stay on this site: only absolute paths, never "//host" or a scheme.
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (raw.startsWith("/signin")) return "/";
  return raw;
}
