// zod schemas for host form input. Address and username end up as ssh2 connect options (never a
// shell), but they are still held to safe charsets so nothing odd is stored or shown.
import { z } from "zod";

export const ZFingerprint = z
  .string()
  .trim()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "must look like SHA256:<43 base64 characters>, as ssh-keygen -lf prints it");

export const ZHostInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "is required")
    .max(64, "must be at most 64 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "may contain letters, digits, space, dot, dash and underscore"),
  address: z
    .string()
    .trim()
    .min(1, "is required")
    .max(253, "is too long")
    .regex(/^(?!-)[A-Za-z0-9.:_-]+$/, "must be a host name or an IP address"),
  port: z.coerce.number().int("must be a whole number").min(1, "must be 1-65535").max(65535, "must be 1-65535"),
  username: z
    .string()
    .trim()
    .min(1, "is required")
    .max(32, "is too long")
    .regex(/^[a-z_][a-z0-9_.-]*\$?$/i, "is not a valid Unix user name"),
  privateKey: z.string().min(1, "is required").max(20_000, "is too long"),
});
export type THostInput = z.infer<typeof ZHostInput>;
