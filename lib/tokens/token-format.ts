// API tokens are random bearer secrets with a recognisable prefix (so a leaked one is easy to spot
// in logs and secret scanners). Only the SHA-256 hex is stored, the same hash withAuth looks up.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "ffp_";

export function newApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
