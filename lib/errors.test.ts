import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { AppError, httpStatusFor, toErrorBody } from "@/lib/errors";

test("AppError keeps code, message and field; codes map to HTTP statuses", () => {
  const e = new AppError("forbidden", "nope", "hostId");
  assert.deepEqual(toErrorBody(e), { code: "forbidden", message: "nope", field: "hostId" });
  assert.equal(e.status, 403);
  assert.equal(httpStatusFor("unauthorized"), 401);
  assert.equal(httpStatusFor("invalid"), 400);
  assert.equal(httpStatusFor("rate_limited"), 429);
});

test("zod errors name the first bad field", () => {
  const r = z.object({ port: z.number().max(65535, "must be 1-65535") }).safeParse({ port: 70000 });
  assert.equal(r.success, false);
  const body = toErrorBody(r.error);
  assert.equal(body.code, "invalid");
  assert.equal(body.field, "port");
  assert.equal(body.message, "port: must be 1-65535");
});

test("unexpected errors are hidden behind a generic message", () => {
  const body = toErrorBody(new Error("connection string postgres://secret@db"));
  assert.equal(body.code, "internal");
  assert.doesNotMatch(body.message, /secret/);
});
