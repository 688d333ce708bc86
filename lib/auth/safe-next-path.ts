// ?next= must stay on this site. Browsers strip tabs/newlines from URLs, treat "\" as "/" and collapse
// "/./", so prefix checks on the raw string are not enough: the value is resolved against a fixed
// origin the way a browser would resolve a Location header, and only a same-origin result whose
// path cannot be re-read as "//host" is returned (re-serialised, so no control byte reaches a header).
const BASE = "http://ff.invalid";

export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || url.pathname.startsWith("//") || /%5c/i.test(url.pathname)) return "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return "/"; // malformed percent-encoding: the page would answer 400 anyway
  }
  if (/[\u0000-\u001f\u007f\\]/.test(decoded) || decoded.startsWith("//")) return "/";
  if (url.pathname === "/signin" || url.pathname.startsWith("/signin/")) return "/";
  return url.pathname + url.search + url.hash;
}
