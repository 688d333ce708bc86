// Signing secrets: generated here (never chosen by a user), sealed at rest like host keys, opened
// only by the worker that signs.
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { open, seal } from "@/lib/crypto/secret-box";

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export const sealWebhookSecret = (secret: string): string => seal(secret, env().HOST_KEY_SECRET);
export const openWebhookSecret = (sealed: string): string => open(sealed, env().HOST_KEY_SECRET);
