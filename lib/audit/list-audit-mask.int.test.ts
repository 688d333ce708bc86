// Issue 16 #6 on the real database: the audit page's read masks webhook URLs and other people's
// IP addresses and user agents for non-admins; admins see the rows as written.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { listAudit, ZAuditFilters } from "@/lib/audit/list-audit";

const tag = `msk${randomBytes(4).toString("hex")}`;
after(async () => {
  await prisma.auditEvent.deleteMany({ where: { targetId: { startsWith: tag } } });
  await prisma.user.deleteMany({ where: { email: { startsWith: tag } } });
  await prisma.$disconnect();
});

test("viewers see neither webhook URLs nor other users' IP and user agent; admins see all", async () => {
  const admin = await prisma.user.create({ data: { email: `${tag}-a@test.local`, name: "a", role: "ADMIN", passwordHash: "x" } });
  const viewer = await prisma.user.create({ data: { email: `${tag}-v@test.local`, name: "v", role: "VIEWER", passwordHash: "x" } });
  await recordAudit({ actorId: admin.id, action: "webhook.create", targetType: "webhook", targetId: `${tag}-w`, ip: "203.0.113.50", userAgent: "AdminBrowser/1",
    data: { name: "slack", url: "https://hooks.slack.com/services/T000/B000/XXXXSECRET", events: ["RULE_FIRED"] } });
  await recordAudit({ actorId: viewer.id, action: "token.create", targetType: "token", targetId: `${tag}-t`, ip: "198.51.100.77", userAgent: "ViewerBrowser/1" });
  const filters = ZAuditFilters.parse({ target: `${tag}-w` });
  const asViewer = (await listAudit(filters, viewer)).rows;
  assert.equal(asViewer.length, 1);
  assert.ok(!JSON.stringify(asViewer).includes("XXXXSECRET"));
  assert.deepEqual([asViewer[0]!.ip, asViewer[0]!.userAgent], [null, null]);
  const own = (await listAudit(ZAuditFilters.parse({ target: `${tag}-t` }), viewer)).rows;
  assert.deepEqual([own[0]!.ip, own[0]!.userAgent], ["198.51.100.77", "ViewerBrowser/1"]);
  const asAdmin = (await listAudit(filters, admin)).rows;
  assert.match(JSON.stringify(asAdmin), /XXXXSECRET/);
  assert.equal(asAdmin[0]!.ip, "203.0.113.50");
});
