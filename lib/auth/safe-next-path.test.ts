import { test } from "node:test";
import assert from "node:assert/strict";
import { safeNextPath } from "@/lib/auth/safe-next-path";

test("?next= stays on this site whatever a browser would make of it", () => {
  for (const evil of [
    "//evil.example", "/\\evil.example", "https://evil.example", "/\t/evil.example/path", "/%09/evil.example/path",
    "/.//evil.example/x", "/\n/evil.example", "/\r/evil.example", "/%0a/evil.example", "/%0d/evil.example",
    "/ /evil.example", "\\\\evil.example", "/%5c/evil.example", "javascript:alert(1)", "/%00", "/%E0%A4%A", "",
  ]) {
    const out = safeNextPath(evil);
    assert.ok(out.startsWith("/") && !out.startsWith("//") && !/[\\\t\r\n\0]/.test(out), `${JSON.stringify(evil)} → ${out}`);
    assert.equal(new URL(out, "http://app.local").origin, "http://app.local", `${JSON.stringify(evil)} → ${out}`);
    // What the browser will do with the Location header: it must land on the app's origin.
    assert.ok(!out.includes("evil.example") || new URL(out, "http://app.local").host === "app.local", `${JSON.stringify(evil)} → ${out}`);
  }
  assert.equal(safeNextPath("/\t/evil.example/path"), "/");
  assert.equal(safeNextPath("/.//evil.example/x"), "/");
});

test("ordinary paths pass through unchanged (query and fragment kept)", () => {
  assert.equal(safeNextPath("/hosts"), "/hosts");
  assert.equal(safeNextPath("/runs/abc?x=1&y=%20z"), "/runs/abc?x=1&y=%20z");
  assert.equal(safeNextPath("/compare?ids=a,b#chart"), "/compare?ids=a,b#chart");
  assert.equal(safeNextPath("/signin?next=/x"), "/");
  assert.equal(safeNextPath(null), "/");
});
