// Every route handler under app/api and every exported server action ("use server" files under app/
// and lib/) against an anonymous caller and a viewer, on the real database. The policy table below
// must list each one: a new handler or action fails this test until someone decides its role.
import "@/app/api/v1/testing/als-global";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { randomBytes, createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { hasRole, type TRole } from "@/lib/auth/roles";
import { setupApiFixture, type TApiFixture } from "@/app/api/v1/testing/api-fixtures";
import { inActionScope } from "@/app/api/v1/testing/request-scope";

const ROOT = resolve(import.meta.dirname, "..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** "<file relative to the repo> <METHOD|export>": the least role allowed. "PUBLIC" = no sign-in needed. */
const POLICY: Record<string, TRole | "PUBLIC"> = {
  "app/api/runs/live/route.ts GET": "VIEWER",
  "app/api/runs/[id]/live/route.ts GET": "VIEWER",
  "app/api/runs/[id]/series/route.ts GET": "VIEWER",
  "app/api/runs/[id]/gpu/route.ts GET": "VIEWER",
  "app/api/runs/compare/route.ts GET": "VIEWER",
  "app/api/runs/[id]/curves/route.ts GET": "VIEWER",
  "app/api/runs/[id]/predictions/route.ts GET": "VIEWER",
  "app/api/runs/export/route.ts GET": "VIEWER",
  "app/api/worker-health/route.ts GET": "VIEWER",
  "app/api/v1/hosts/[id]/profile/route.ts GET": "VIEWER",
  "app/api/v1/hosts/[id]/profile/route.ts PUT": "ADMIN",
  "app/api/v1/hosts/[id]/profile/detect/route.ts POST": "ADMIN",
  "app/api/v1/runs/route.ts GET": "VIEWER",
  "app/api/v1/runs/route.ts POST": "OPERATOR",
  "app/api/v1/runs/[id]/route.ts GET": "VIEWER",
  "app/api/v1/runs/[id]/metrics/route.ts GET": "VIEWER",
  "app/api/v1/runs/[id]/stop/route.ts POST": "OPERATOR",
  "app/api/v1/runs/[id]/kill/route.ts POST": "OPERATOR",
  "app/api/v1/runs/[id]/resume/route.ts POST": "OPERATOR",
  "app/api/v1/runs/[id]/evaluate/route.ts POST": "OPERATOR",
  "app/api/v1/presets/route.ts GET": "VIEWER",
  "app/api/v1/presets/route.ts POST": "OPERATOR",
  "app/api/v1/presets/import/route.ts POST": "OPERATOR",
  "app/api/v1/presets/[id]/route.ts GET": "VIEWER",
  "app/api/v1/presets/[id]/route.ts PUT": "OPERATOR",
  "app/api/v1/presets/[id]/export/route.ts GET": "VIEWER",
  "app/api/v1/hosts/route.ts GET": "VIEWER",
  "app/api/v1/hosts/[id]/gpus/route.ts GET": "VIEWER",
  "app/api/v1/hosts/[id]/imports/route.ts GET": "VIEWER",
  "app/api/v1/hosts/[id]/imports/route.ts POST": "OPERATOR",
  "app/api/v1/hosts/[id]/adoptable/route.ts GET": "VIEWER",
  "app/api/v1/hosts/[id]/adopt/route.ts POST": "OPERATOR",
  "app/api/v1/clusters/route.ts GET": "VIEWER",
  "app/api/v1/clusters/route.ts POST": "ADMIN",
  "app/api/v1/openapi.json/route.ts GET": "VIEWER",
  "app/api/v1/sweeps/route.ts GET": "VIEWER",
  "app/api/v1/sweeps/route.ts POST": "OPERATOR",
  "app/api/v1/sweeps/[id]/route.ts GET": "VIEWER",
  "app/api/v1/sweeps/[id]/promote/route.ts POST": "OPERATOR",
  "app/api/v1/sweeps/[id]/cancel/route.ts POST": "OPERATOR",
  "app/(dash)/sweeps/actions.ts createSweepAction": "OPERATOR",
  "app/(dash)/sweeps/actions.ts cancelSweepAction": "OPERATOR",
  "app/(dash)/sweeps/actions.ts promoteSweepTrialAction": "OPERATOR",
  "app/(dash)/runs/[id]/actions.ts launchAdvisedChangeAction": "OPERATOR",
  "app/(dash)/_runs/actions.ts killRunsAction": "OPERATOR",
  "app/(dash)/_runs/label-actions.ts updateRunLabelsAction": "OPERATOR",
  "app/(dash)/runs/[id]/actions.ts stopRunAction": "OPERATOR",
  "app/(dash)/runs/[id]/actions.ts killRunAction": "OPERATOR",
  "app/(dash)/runs/[id]/actions.ts resumeRunAction": "OPERATOR",
  "app/(dash)/runs/[id]/actions.ts listCheckpointsAction": "OPERATOR",
  "app/(dash)/runs/[id]/actions.ts listEvalChoicesAction": "OPERATOR",
  "app/(dash)/runs/[id]/actions.ts evaluateCheckpointAction": "OPERATOR",
  "app/(dash)/launch/actions.ts launchRunAction": "OPERATOR",
  "app/(dash)/hosts/actions.ts probeHostAction": "ADMIN",
  "app/(dash)/hosts/actions.ts createHostAction": "ADMIN",
  "app/(dash)/hosts/actions.ts saveHostProfileAction": "ADMIN",
  "app/(dash)/hosts/actions.ts detectHostProfileAction": "ADMIN",
  "app/(dash)/hosts/actions.ts probeClusterAction": "ADMIN",
  "app/(dash)/hosts/actions.ts createClusterAction": "ADMIN",
  "app/(dash)/presets/actions.ts revealPresetSecretsAction": "OPERATOR",
  "app/(dash)/hosts/actions.ts refreshHostAction": "OPERATOR",
  "app/(dash)/hosts/import-actions.ts startImportAction": "OPERATOR",
  "app/(dash)/hosts/import-actions.ts adoptProcessAction": "OPERATOR",
  "app/(dash)/presets/actions.ts createPresetAction": "OPERATOR",
  "app/(dash)/presets/actions.ts savePresetVersionAction": "OPERATOR",
  "app/(dash)/presets/actions.ts duplicatePresetAction": "OPERATOR",
  "app/(dash)/presets/actions.ts archivePresetAction": "OPERATOR",
  "app/(dash)/backtest/actions.ts runBacktestAction": "VIEWER",
  "app/(dash)/backtest/actions.ts savePresetRulesAction": "OPERATOR",
  "app/(dash)/settings/actions.ts createTokenAction": "VIEWER",
  "app/(dash)/settings/actions.ts revokeTokenAction": "VIEWER",
  "app/(dash)/settings/webhook-actions.ts createWebhookAction": "ADMIN",
  "app/(dash)/settings/webhook-actions.ts setWebhookEnabledAction": "ADMIN",
  "app/(dash)/settings/webhook-actions.ts deleteWebhookAction": "ADMIN",
  "app/(dash)/settings/webhook-actions.ts sendTestWebhookAction": "ADMIN",
  "app/(dash)/settings/webhook-actions.ts redeliverWebhookAction": "ADMIN",
  "app/(dash)/settings/webhook-actions.ts rotateWebhookSecretAction": "ADMIN",
  "app/(dash)/settings/webhook-actions.ts setPrivateWebhookTargetsAction": "ADMIN",
  "app/(dash)/admin/users/actions.ts setUserDisabledAction": "ADMIN",
  "app/(dash)/admin/users/actions.ts deleteUserAction": "ADMIN",
  "app/(dash)/account/actions.ts changePasswordAction": "VIEWER",
  "app/(dash)/admin/users/actions.ts inviteUserAction": "ADMIN",
  "app/(dash)/admin/users/actions.ts changeRoleAction": "ADMIN",
  // Sign-in must work signed out; sign-out only ends the caller's own session.
  "lib/auth/actions.ts signIn": "PUBLIC",
  "lib/auth/actions.ts signOut": "PUBLIC",
};

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}
const rel = (p: string) => relative(ROOT, p);
const routeFiles = [...walk(join(ROOT, "app/api"))].filter((p) => /\/route\.(ts|tsx|js)$/.test(p));
const actionFiles = [...walk(join(ROOT, "app")), ...walk(join(ROOT, "lib"))]
  .filter((p) => /\.(ts|tsx)$/.test(p) && !p.endsWith(".test.ts") && /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(readFileSync(p, "utf8")));

let fx: TApiFixture;
let viewerCookie: string;
before(async () => {
  fx = await setupApiFixture();
  const token = randomBytes(32).toString("base64url");
  await prisma.session.create({ data: { tokenHash: createHash("sha256").update(token).digest("hex"), userId: fx.users.VIEWER.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  viewerCookie = `ff_session=${token}`;
});
after(async () => {
  await prisma.session.deleteMany({ where: { userId: fx.users.VIEWER.id } });
  await fx.cleanup();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

type THandler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function callRoute(h: THandler, file: string, method: string, auth: string | null): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json" });
  if (auth) headers.set("authorization", `Bearer ${auth}`);
  const req = new NextRequest("http://127.0.0.1:3999/" + rel(file), { method, headers, ...(method === "GET" ? {} : { body: "{}" }) });
  return h(req, { params: Promise.resolve({ id: "access-test-nonexistent" }) });
}

test("the policy table lists exactly the handlers and actions that exist", async () => {
  const found: string[] = [];
  for (const f of routeFiles) {
    const mod = (await import(f)) as Record<string, unknown>;
    for (const m of METHODS) if (typeof mod[m] === "function") found.push(`${rel(f)} ${m}`);
  }
  for (const f of actionFiles) {
    const mod = (await import(f)) as Record<string, unknown>;
    for (const [name, v] of Object.entries(mod)) if (typeof v === "function") found.push(`${rel(f)} ${name}`);
  }
  assert.ok(routeFiles.length >= 12 && actionFiles.length >= 6, `found ${routeFiles.length} route files, ${actionFiles.length} action files`);
  assert.deepEqual(found.sort(), Object.keys(POLICY).sort());
});

test("route handlers: anonymous → 401 everywhere; viewer → 403 exactly where the role is above viewer", async () => {
  for (const f of routeFiles) {
    const mod = (await import(f)) as Record<string, THandler>;
    for (const m of METHODS) {
      const h = mod[m];
      if (!h) continue;
      const key = `${rel(f)} ${m}`;
      const need = POLICY[key] ?? "ADMIN"; // unlisted: the first test fails; here assume the strictest
      const anon = await callRoute(h, f, m, null);
      assert.equal(anon.status, 401, `${key} anonymous`);
      assert.equal((await anon.json()).error.code, "unauthorized", `${key} anonymous body`);
      const viewer = await callRoute(h, f, m, fx.users.VIEWER.token);
      if (need !== "PUBLIC" && !hasRole("VIEWER", need)) {
        assert.equal(viewer.status, 403, `${key} viewer`);
        assert.equal((await viewer.json()).error.code, "forbidden", `${key} viewer body`);
      } else {
        assert.ok(![401, 403].includes(viewer.status), `${key}: a viewer may read this, got ${viewer.status}`);
      }
    }
  }
});

test("server actions: no session → unauthorized; viewer session → forbidden where the role is above viewer", async () => {
  for (const f of actionFiles) {
    const mod = (await import(f)) as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const [name, fn] of Object.entries(mod)) {
      const key = `${rel(f)} ${name}`;
      const need = POLICY[key] ?? "ADMIN"; // unlisted: the first test fails; here assume the strictest
      if (need === "PUBLIC") continue;
      const anon = (await inActionScope({}, () => fn({}))) as { ok: boolean; error?: { code: string } };
      assert.equal(anon.ok, false, `${key} anonymous`);
      assert.equal(anon.error?.code, "unauthorized", `${key} anonymous`);
      if (!hasRole("VIEWER", need)) {
        const v = (await inActionScope({ cookie: viewerCookie }, () => fn({}))) as { ok: boolean; error?: { code: string } };
        assert.equal(v.ok, false, `${key} viewer`);
        assert.equal(v.error?.code, "forbidden", `${key} viewer`);
      }
    }
  }
});

test("the harness is not vacuous: a viewer session passes a viewer-level action's role check", async () => {
  const mod = (await import(join(ROOT, "app/(dash)/settings/actions.ts"))) as Record<string, (i: unknown) => Promise<{ ok: boolean; error?: { code: string } }>>;
  const r = await inActionScope({ cookie: viewerCookie }, () => mod.revokeTokenAction!({ tokenId: "nope" }));
  assert.deepEqual([r.ok, r.error?.code], [false, "not_found"]);
});

// CSRF (issue 16 #1): a page on another origin (another port of the same host is the same *site*, so
// SameSite=Lax does not help) can make the browser send the session cookie with a form post, a
// text/plain body or a no-cors fetch. Every unsafe method on every route must refuse such a request
// before it does anything; the same request from the app's own origin with JSON passes the check, and
// a Bearer-token caller (no ambient credential) is unaffected.
const UNSAFE = ["POST", "PUT", "PATCH", "DELETE"] as const;
const SAME_ORIGIN = new URL(env().APP_URL).origin; // the app's configured origin
const OTHER_PORT = "http://127.0.0.1:4444";

async function adminCookie(): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await prisma.session.create({ data: { tokenHash: createHash("sha256").update(token).digest("hex"), userId: fx.users.ADMIN.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  return `ff_session=${token}`;
}

async function cookiePost(h: THandler, file: string, method: string, o: { cookie?: string; bearer?: string; headers: Record<string, string>; body?: string }): Promise<Response> {
  const headers = new Headers(o.headers);
  if (o.cookie) headers.set("cookie", o.cookie);
  if (o.bearer) headers.set("authorization", `Bearer ${o.bearer}`);
  const req = new NextRequest(`http://127.0.0.1:3999/${rel(file)}`, { method, headers, body: o.body ?? "" });
  return h(req, { params: Promise.resolve({ id: "access-test-nonexistent" }) });
}

test("CSRF: every mutating route refuses cross-origin cookie requests; same-origin JSON and Bearer calls pass the check", async () => {
  const cookie = await adminCookie();
  const attacks: { name: string; headers: Record<string, string>; body?: string }[] = [
    { name: "empty form post from another port", headers: { origin: OTHER_PORT, "content-type": "application/x-www-form-urlencoded" } },
    { name: "text/plain JSON-looking body", headers: { origin: OTHER_PORT, "content-type": "text/plain;charset=UTF-8" }, body: '{"reason":"x"}' },
    { name: "multipart form from an opaque origin", headers: { origin: "null", "content-type": "multipart/form-data; boundary=x" }, body: "--x--" },
    { name: "no Origin, cross-site Referer", headers: { referer: `${OTHER_PORT}/attack.html`, "content-type": "application/json" }, body: "{}" },
    { name: "no Origin, no content type (no-cors fetch)", headers: { referer: "http://evil.example/" }, body: "{}" },
    { name: "same origin but a form content type", headers: { origin: SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded" }, body: "a=1" },
    { name: "same origin but text/plain", headers: { origin: SAME_ORIGIN, "content-type": "text/plain" }, body: "{}" },
  ];
  let checked = 0;
  for (const f of routeFiles) {
    const mod = (await import(f)) as Record<string, THandler>;
    for (const m of UNSAFE) {
      const h = mod[m];
      if (!h) continue;
      const key = `${rel(f)} ${m}`;
      const yaml = f.includes("/presets/import/");
      for (const a of attacks) {
        const before = await prisma.auditEvent.count();
        const res = await cookiePost(h, f, m, { cookie, headers: a.headers, ...(a.body !== undefined ? { body: a.body } : {}) });
        assert.ok([403, 415].includes(res.status), `${key} — ${a.name}: got ${res.status}`);
        const body = await res.json();
        assert.match(body.error.message, /cross-site|origin|content.type/i, `${key} — ${a.name}`);
        assert.equal(await prisma.auditEvent.count(), before, `${key} — ${a.name}: refused before doing anything`);
      }
      // The app's own pages (or a user's script on the same origin) with the right content type pass the check.
      const ok = await cookiePost(h, f, m, { cookie, headers: { origin: SAME_ORIGIN, "content-type": yaml ? "application/yaml" : "application/json" }, body: yaml ? "model_name_or_path: x\n" : "{}" });
      assert.ok(![403, 415].includes(ok.status), `${key}: same-origin JSON was refused (${ok.status}) ${await ok.text()}`);
      // A Bearer token is not sent by browsers on their own: no Origin rules for it.
      const tok = await cookiePost(h, f, m, { bearer: fx.users.ADMIN.token, headers: { origin: OTHER_PORT, "content-type": yaml ? "text/plain" : "application/json" }, body: yaml ? "model_name_or_path: x\n" : "{}" });
      assert.ok(![401, 403, 415].includes(tok.status), `${key}: a Bearer call was refused (${tok.status})`);
      checked++;
    }
  }
  assert.ok(checked >= 7, `checked ${checked} mutating routes`);
});

// Issue 16 #10: a refused action is audited with where it came from, but a forged cookie costs the
// attacker nothing: without a limit every request adds a row. Refusals per client are rate-limited.
test("refusal rows for forged session cookies are rate-limited per client", async () => {
  const mod = (await import(join(ROOT, "app/(dash)/runs/[id]/actions.ts"))) as Record<string, (i: unknown) => Promise<{ ok: boolean; error?: { code: string } }>>;
  const target = `forged-${randomBytes(4).toString("hex")}`;
  for (let i = 0; i < 60; i++) {
    const forged = `ff_session=${randomBytes(32).toString("base64url")}`;
    const r = await inActionScope({ cookie: forged, headers: { "x-ff-peer": "198.51.100.66", "x-forwarded-for": `10.9.9.${i}` } }, () => mod.stopRunAction!({ runId: target }));
    assert.equal(r.error?.code, "unauthorized");
  }
  const rows = await prisma.auditEvent.count({ where: { targetId: target, ok: false } });
  assert.ok(rows >= 1 && rows <= 20, `${rows} refusal rows for 60 forged requests`);
  // Another client is not starved by the first one's flood.
  const other = `forged-${randomBytes(4).toString("hex")}`;
  await inActionScope({ cookie: "ff_session=forged", headers: { "x-ff-peer": "198.51.100.67" } }, () => mod.stopRunAction!({ runId: other }));
  assert.equal(await prisma.auditEvent.count({ where: { targetId: other, ok: false } }), 1);
});
