import { test } from "node:test";
import assert from "node:assert/strict";
import { toErrorBody } from "@/lib/errors";
import { ZWebhookInput } from "@/lib/webhooks/webhook-input";

const ok = { name: "ops", url: "https://hooks.example.com/ff", events: ["RUN_STATUS_CHANGED", "RULE_FIRED", "RULE_FIRED"] };

test("http, https and loopback receivers are accepted; duplicate events collapse", () => {
  assert.deepEqual(ZWebhookInput.parse(ok).events, ["RUN_STATUS_CHANGED", "RULE_FIRED"]);
  assert.equal(ZWebhookInput.parse({ ...ok, url: "http://127.0.0.1:9000/hook" }).url, "http://127.0.0.1:9000/hook");
});

test("other schemes, non-URLs, credentials in the URL, TEST and empty event lists are refused by field name", () => {
  const err = (v: unknown) => toErrorBody(ZWebhookInput.safeParse(v).error);
  assert.deepEqual(err({ ...ok, url: "file:///etc/passwd" }), { code: "invalid", field: "url", message: "url: Only http:// and https:// URLs can receive webhooks." });
  assert.equal(err({ ...ok, url: "javascript:alert(1)" }).field, "url");
  assert.equal(err({ ...ok, url: "ftp://x/y" }).field, "url");
  assert.match(err({ ...ok, url: "not a url" }).message, /^url: Not a valid URL/);
  assert.match(err({ ...ok, url: "https://u:p@x.example/" }).message, /^url: Leave user:password out/);
  assert.equal(err({ ...ok, events: ["TEST"] }).field, "events.0");
  assert.match(err({ ...ok, events: [] }).message, /^events: Pick at least one event/);
  assert.match(err({ ...ok, name: "  " }).message, /^name: Name is required/);
});
