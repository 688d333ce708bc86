// The cookie carries a random token; the database keeps only its SHA-256, so a leaked
// sessions table cannot be replayed as cookies.
import { createHash, randomBytes } from "node:crypto";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
