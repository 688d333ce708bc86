// zod schemas for host form input. Address and username end up as ssh2 connect options (never a
// shell), but they are still held to safe charsets so nothing odd is stored or shown.
import { z } from "zod";

export const ZFingerprint = z
  .string()
  .trim()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "must look like SHA256:<43 base64 characters>, as ssh-keygen -lf prints it");

const PORT_MESSAGE = "must be a number from 1 to 65535";

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
  // One message for every way a port can be wrong ("abc", "22.5", "0", "70000").
  port: z.coerce.number({ error: PORT_MESSAGE }).int(PORT_MESSAGE).min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE),
  username: z
    .string()
    .trim()
    .min(1, "is required")
    .max(32, "is too long")
    .regex(/^[a-z_][a-z0-9_.-]*\$?$/i, "is not a valid Unix user name"),
  privateKey: z.string().min(1, "is required").max(20_000, "is too long"),
});
export type THostInput = z.infer<typeof ZHostInput>;
