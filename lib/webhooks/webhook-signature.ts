// Stripe-style signatures: X-FF-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.
// The timestamp is inside the MAC so a captured request cannot be replayed later than the
// receiver's tolerance. node:crypto only; no hand-rolled primitives.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-FF-Signature";

export function signWebhookBody(o: { secret: string; body: string; unixSeconds: number }): string {
  const t = Math.floor(o.unixSeconds);
  const mac = createHmac("sha256", o.secret).update(`${t}.${o.body}`, "utf8").digest("hex");
  return `t=${t},v1=${mac}`;
}

/** What a receiver does (also the README example): recompute over the raw body, compare in constant time. */
export function verifyWebhookSignature(o: { secret: string; body: string; header: string; toleranceS?: number; now?: number }): boolean {
  const parts = Object.fromEntries(o.header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  const nowS = (o.now ?? Date.now()) / 1000;
  if (Math.abs(nowS - t) > (o.toleranceS ?? 300)) return false;
  const expected = Buffer.from(signWebhookBody({ secret: o.secret, body: o.body, unixSeconds: t }).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
