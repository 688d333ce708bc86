// A URL whose path or query holds a NUL byte or malformed percent-encoding is refused up front with
// a 400: deeper down, decodeURIComponent throws (a 500 with a stack) or a NUL reaches Postgres text.
function decodes(part: string): boolean {
  try {
    return !decodeURIComponent(part.replace(/\+/g, " ")).includes("\u0000");
  } catch {
    return false;
  }
}

/** null when the URL is fine, else the reason (safe to show: it names no internals). */
export function badEncodingRefusal(url: URL): string | null {
  const parts = [...url.pathname.split("/"), ...url.search.replace(/^\?/, "").split(/[&=]/)];
  const bad = parts.some((p) => p !== "" && !decodes(p));
  return bad ? "Bad request: the URL has malformed percent-encoding or a NUL byte." : null;
}
