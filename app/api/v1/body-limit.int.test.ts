// Issue 16 #5: request bodies are capped before they are read (a declared length over the cap is
// refused unread; a chunked body is cut off as soon as it passes the cap) and the overrides object is
// capped like the list form, so neither a 100 MB upload nor a 32k-key object can freeze the server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { NextRequest } from "next/server";
import { prisma } from "@/lib/db";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { setupApiFixture, call, type TApiFixture } from "@/app/api/v1/testing/api-fixtures";
import * as runs from "@/app/api/v1/runs/route";
import * as presetImport from "@/app/api/v1/presets/import/route";

let fx: TApiFixture;
before(async () => { fx = await setupApiFixture(); });
after(async () => {
  await fx.cleanup();
  await closeQueues();
  await closeMetricsPool();
  await prisma.$disconnect();
});

test("a JSON body over the limit is a 413 naming the limit", async () => {
  const big = JSON.stringify({ preset: fx.presetName, host: fx.hostName, gpus: [0], name: "x".repeat(3 * 1024 * 1024) });
  const r = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: fx.users.OPERATOR.token, rawBody: big });
  assert.equal(r.status, 413, r.text);
  assert.equal(r.json.error.code, "too_large");
  assert.match(r.json.error.message, /at most 1 MiB/);
});

test("a YAML import over the limit is a 413", async () => {
  const r = await call(presetImport.POST, { url: `/api/v1/presets/import?name=${fx.tag}-big`, method: "POST", auth: fx.users.OPERATOR.token, rawBody: `# ${"y".repeat(3 * 1024 * 1024)}\n` });
  assert.equal(r.status, 413, r.text);
});

test("a chunked body without a length is cut off at the cap, not read to the end", async () => {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled >= 100 * 1024 * 1024) return c.close(); // "100 MB" if anyone read it all
      pulled += chunk.length;
      c.enqueue(chunk);
    },
  });
  const headers = new Headers({ authorization: `Bearer ${fx.users.OPERATOR.token}`, "content-type": "application/json" });
  const req = new NextRequest("http://127.0.0.1:3999/api/v1/runs", { method: "POST", headers, body: stream, duplex: "half" } as never);
  const t0 = performance.now();
  const res = await runs.POST(req, { params: Promise.resolve({}) });
  assert.equal(res.status, 413);
  assert.ok(pulled <= 2 * 1024 * 1024, `read ${pulled} bytes of a body over the cap`);
  assert.ok(performance.now() - t0 < 2000);
});

test("an overrides object with 32k keys is refused quickly and by name", async () => {
  const overrides = Object.fromEntries(Array.from({ length: 32_768 }, (_, i) => [`k${i}`, i]));
  const t0 = performance.now();
  const r = await call(runs.POST, { url: "/api/v1/runs", method: "POST", auth: fx.users.OPERATOR.token, body: { preset: fx.presetName, host: fx.hostName, gpus: [0], overrides } });
  const ms = performance.now() - t0;
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.field, "overrides");
  assert.match(r.json.error.message, /at most 500/);
  assert.ok(ms < 1500, `${Math.round(ms)} ms`);
});
