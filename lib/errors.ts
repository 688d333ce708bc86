// One error type for expected failures. Handlers and actions map it to a status/result;
// anything that is not an AppError is unexpected: log it with its stack, show a generic message.
import { ZodError } from "zod";

export type TAppErrorCode =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "too_large"
  | "unsupported_media_type"
  | "unreachable"
  | "internal";

const HTTP_STATUS: Record<TAppErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  unsupported_media_type: 415,
  unreachable: 502,
  internal: 500,
};

export class AppError extends Error {
  readonly code: TAppErrorCode;
  /** The form/API field the error is about, so the UI can show it next to that input. */
  readonly field?: string;
  /** Several named field errors at once (the launch preflight reports every failed check). */
  readonly fields?: { field: string; message: string }[];
  constructor(code: TAppErrorCode, message: string, field?: string, fields?: { field: string; message: string }[]) {
    super(message);
    this.name = "AppError";
    this.code = code;
    if (field !== undefined) this.field = field;
    if (fields?.length) this.fields = fields;
  }
  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export type TErrorBody = { code: TAppErrorCode; message: string; field?: string; fields?: { field: string; message: string }[] };

export function httpStatusFor(code: TAppErrorCode): number {
  return HTTP_STATUS[code];
}

/** Expected errors keep their message; zod errors name the first bad field; the rest are hidden. */
export function toErrorBody(err: unknown): TErrorBody {
  if (err instanceof AppError) {
    const body: TErrorBody = { code: err.code, message: err.message };
    if (err.field !== undefined) body.field = err.field;
    if (err.fields) body.fields = err.fields;
    return body;
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.map(String).join(".") ?? "";
    const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "invalid input";
    return field ? { code: "invalid", message, field } : { code: "invalid", message };
  }
  return { code: "internal", message: "Something went wrong on the server. It has been logged." };
}
