import { test } from "node:test";
import assert from "node:assert/strict";
import { maskAuditRow } from "@/lib/audit/mask-audit";
import type { TAuditRow } from "@/lib/audit/list-audit";

const row = (o: Partial<TAuditRow>): TAuditRow => ({ id: "1", createdAt: new Date(0), actorId: "u1", actorName: "A", actorEmail: "a@x", action: "webhook.create",
  targetType: "webhook", targetId: "w1", ok: true, ip: "203.0.113.5", userAgent: "Mozilla/5.0 (secret laptop)", data: { name: "slack", url: "https://hooks.slack.com/services/T0/B0/SECRET" }, ...o });

test("non-admins see no webhook URL and no other user's IP or user agent", () => {
  const m = maskAuditRow(row({}), { id: "viewer", role: "VIEWER" });
  assert.equal(m.ip, null);
  assert.equal(m.userAgent, null);
  assert.ok(!JSON.stringify(m).includes("SECRET"), JSON.stringify(m));
  assert.equal((m.data as { url: string }).url, "https://hooks.slack.com/…");
  assert.equal((m.data as { name: string }).name, "slack");
  const del = maskAuditRow(row({ action: "webhook.delete", data: { url: "http://10.0.0.5:8080/x?token=abc" } }), { id: "op", role: "OPERATOR" });
  assert.ok(!JSON.stringify(del).includes("token=abc"));
});

test("your own rows keep their IP; admins see everything", () => {
  const own = maskAuditRow(row({ actorId: "viewer" }), { id: "viewer", role: "VIEWER" });
  assert.equal(own.ip, "203.0.113.5");
  const admin = maskAuditRow(row({}), { id: "adm", role: "ADMIN" });
  assert.deepEqual(admin, row({}));
});
