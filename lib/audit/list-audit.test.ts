import { test } from "node:test";
import assert from "node:assert/strict";
import { auditWhere, ZAuditFilters } from "@/lib/audit/list-audit";

test("filters: bad values are dropped, prefixes and day ranges are built", () => {
  const f = ZAuditFilters.parse({ action: "run", from: "2026-01-02", to: "nope", ok: "maybe", limit: "9999" });
  assert.equal(f.to, undefined);
  assert.equal(f.ok, undefined);
  assert.equal(f.limit, 100);
  assert.deepEqual(auditWhere(f), { AND: [{ action: { startsWith: "run." } }, { createdAt: { gte: new Date("2026-01-02T00:00:00.000Z") } }] });
});

test("filters: exact action, system actor, inclusive end day, refused only", () => {
  const f = ZAuditFilters.parse({ action: "run.stop", actor: "system", to: "2026-01-02", ok: "false" });
  assert.deepEqual(auditWhere(f), { AND: [
    { actorId: null }, { action: "run.stop" }, { createdAt: { lt: new Date("2026-01-03T00:00:00.000Z") } }, { ok: false },
  ] });
  assert.deepEqual(auditWhere(ZAuditFilters.parse({})), {});
});
