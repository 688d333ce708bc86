import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRunEventPayload, buildTestPayload, ZWebhookPayload, type TPayloadRun } from "@/lib/webhooks/payload";
import { SUBSCRIBABLE_EVENTS, webhookEventFor } from "@/lib/webhooks/event-types";

const run: TPayloadRun = {
  id: "rabc", name: "lora-7b", status: "STOPPED_EARLY", gpuIndices: [0, 1], verdict: "diverged", stopRule: "divergence",
  stopReason: "loss 3x its best", exitCode: null, startedAt: new Date("2026-01-01T10:00:00Z"), finishedAt: null, host: { id: "h1", name: "gpu-a" },
};

test("a run event becomes the documented body: wire type, stable id, run snapshot with a link, the event", () => {
  const p = buildRunEventPayload({
    event: { id: 42n, type: "RULE_FIRED", message: "divergence stopped the run at step 120", data: { rule: "divergence", step: 120 }, createdAt: new Date("2026-01-01T10:05:00Z") },
    run, appUrl: "https://ff.example.com/",
  });
  assert.deepEqual(p, {
    id: "evt_42", type: "rule.fired", createdAt: "2026-01-01T10:05:00.000Z",
    run: { id: "rabc", name: "lora-7b", status: "STOPPED_EARLY", url: "https://ff.example.com/runs/rabc", host: { id: "h1", name: "gpu-a" }, gpuIndices: [0, 1],
      verdict: "diverged", stopRule: "divergence", stopReason: "loss 3x its best", exitCode: null, startedAt: "2026-01-01T10:00:00.000Z", finishedAt: null },
    event: { id: "42", kind: "RULE_FIRED", message: "divergence stopped the run at step 120", data: { rule: "divergence", step: 120 } },
  });
  assert.ok(JSON.stringify(p)); // no BigInt left in it
});

test("event types that no webhook can subscribe to are refused", () => {
  assert.equal(webhookEventFor("INGEST_WARNING"), null);
  assert.throws(() => buildRunEventPayload({ event: { id: 1n, type: "INGEST_WARNING", message: "x", data: null, createdAt: new Date() }, run, appUrl: "http://x" }), /not sent/);
});

test("every subscribable kind maps back from its run event type", () => {
  for (const e of SUBSCRIBABLE_EVENTS) assert.equal(webhookEventFor(e.from), e.type);
  assert.ok(SUBSCRIBABLE_EVENTS.every((e) => (e.type as string) !== "TEST"));
});

test("test payload validates; the schema refuses unknown types and a bad timestamp", () => {
  const t = buildTestPayload({ id: "abc", webhookName: "ops", now: new Date("2026-01-01T00:00:00Z") });
  assert.equal(t.type, "test");
  assert.equal(t.run, null);
  assert.equal(ZWebhookPayload.safeParse({ ...t, type: "run.exploded" }).success, false);
  assert.equal(ZWebhookPayload.safeParse({ ...t, createdAt: "yesterday" }).success, false);
});
