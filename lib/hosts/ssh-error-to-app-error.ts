// Maps SSH failures to AppError so pages show the specific message next to the right field.
import { AppError } from "@/lib/errors";
import { SshError } from "@/lib/ssh/connect";

const FIELD: Record<SshError["code"], string | undefined> = {
  HOST_KEY_CHANGED: "hostKeyFingerprint",
  DNS: "address",
  REFUSED: "port",
  TIMEOUT: "address",
  UNREACHABLE: "address",
  AUTH: "privateKey",
  BAD_KEY: "privateKey",
  EXEC_TIMEOUT: undefined,
  CLOSED: undefined,
  OTHER: undefined,
};

export function sshErrorToAppError(err: unknown): unknown {
  if (!(err instanceof SshError)) return err;
  const code = err.code === "BAD_KEY" ? "invalid" : err.code === "HOST_KEY_CHANGED" ? "conflict" : "unreachable";
  return new AppError(code, err.message, FIELD[err.code]);
}
