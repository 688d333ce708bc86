// CSRF for cookie-authenticated API calls. SameSite=Lax does not help against a page on another port
// of the same host (same site), and forms, text/plain bodies and no-cors fetches need no CORS
// preflight. So an unsafe method carrying the session cookie must come from the app's own origin
// (Origin, or Referer when a browser omits Origin) and carry a content type a cross-origin page cannot
// send without a preflight (which we never answer). Bearer-token calls carry no ambient credential and
// are not checked.
import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Non-CORS-safelisted types: a browser preflights them cross-origin, and we never answer a preflight. */
const ACCEPTED_TYPES = new Set(["application/json", "application/yaml", "application/x-yaml"]);

function originOf(value: string | null): string | null {
  if (!value || value === "null") return value === "null" ? "null" : null;
  try {
    return new URL(value).origin;
  } catch {
    return "invalid";
  }
}

export function csrfRefusal(o: { method: string; origin: string | null; referer: string | null; contentType: string | null; allowedOrigins: string[] }): AppError | null {
  if (SAFE_METHODS.has(o.method.toUpperCase())) return null;
  const from = originOf(o.origin) ?? originOf(o.referer);
  // Neither header: not a browser-initiated cross-site request (browsers send Origin on every
  // cross-origin POST); the content-type rule below still applies.
  if (from !== null && !o.allowedOrigins.includes(from)) {
    return new AppError("forbidden", `Cross-site request refused: a signed-in browser request must come from ${o.allowedOrigins[0]} (origin was ${from}). Scripts use an API token (Authorization: Bearer).`);
  }
  const type = (o.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.has(type)) {
    return new AppError("unsupported_media_type", `With a session cookie this request needs Content-Type: application/json (got ${type || "no content type"}).`);
  }
  return null;
}
