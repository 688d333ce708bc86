import { test } from "node:test";
import assert from "node:assert/strict";
import { ZHostInput } from "@/lib/hosts/host-input";
import { toErrorBody } from "@/lib/errors";

test("every bad port gets the same plain message", () => {
  for (const port of ["abc", "22.5", "0", "70000", "-1", "1e9"]) {
    const r = ZHostInput.shape.port.safeParse(port);
    assert.equal(r.success, false, port);
    assert.equal(r.error!.issues[0]!.message, "must be a number from 1 to 65535", port);
  }
  assert.equal(ZHostInput.shape.port.parse("2222"), 2222);
});

test("the form error names the field", () => {
  const r = ZHostInput.shape.port.safeParse("abc");
  const body = toErrorBody(Object.assign(r.error!, {}));
  assert.match(body.message, /must be a number from 1 to 65535/);
});
