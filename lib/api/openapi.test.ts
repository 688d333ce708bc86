import { test } from "node:test";
import assert from "node:assert/strict";
import { buildOpenApi } from "@/lib/api/openapi";
import { API } from "@/lib/api/routes";

test("every route spec is in the document with its role, params and schemas", () => {
  const doc = buildOpenApi({ serverUrl: "http://x:1/" }) as any;
  assert.equal(doc.openapi, "3.1.0");
  assert.equal(doc.servers[0].url, "http://x:1/api/v1");
  for (const spec of Object.values(API)) {
    const op = doc.paths[spec.path]?.[spec.method.toLowerCase()];
    assert.ok(op, `${spec.method} ${spec.path} missing`);
    assert.equal(op["x-required-role"], spec.role);
    for (const name of spec.path.match(/\{(\w+)\}/g) ?? []) {
      assert.ok(op.parameters.some((p: any) => p.in === "path" && `{${p.name}}` === name), `${spec.path}: no path param ${name}`);
    }
  }
  const launch = doc.paths["/runs"].post;
  const body = launch.requestBody.content["application/json"].schema;
  // A launch names a target: `host` (SSH) or `cluster` (Slurm); the handler refuses neither, naming `host`.
  assert.deepEqual(body.required.sort(), ["gpus", "preset"]);
  assert.ok(body.properties.host && body.properties.cluster);
  assert.equal(body.properties.gpus.type, "array");
  assert.ok(launch.responses["201"]);
  assert.equal(launch.responses["400"].content["application/json"].schema.$ref, "#/components/schemas/Error");
  const metrics = doc.paths["/runs/{id}/metrics"].get;
  assert.deepEqual(metrics.parameters.map((p: any) => `${p.in}:${p.name}`), ["path:id", "query:axis", "query:x0", "query:x1", "query:maxPoints"]);
  assert.deepEqual(doc.paths["/runs/{id}/metrics"].get.parameters[1].schema.enum, ["step", "epoch", "wall"]);
  assert.ok(doc.paths["/presets/import"].post.requestBody.content["application/yaml"]);
  assert.deepEqual(Object.keys(doc.components.schemas.Error.properties), ["error"]);
});

test("resume accepts the protected best-checkpoint-N as well as checkpoint-N, and names the field otherwise", async () => {
  const { ZResumeRequest } = await import("@/lib/api/schemas/runs");
  assert.equal(ZResumeRequest.safeParse({ checkpoint: "best-checkpoint-140" }).success, true);
  assert.equal(ZResumeRequest.safeParse({ checkpoint: "checkpoint-200" }).success, true);
  const bad = ZResumeRequest.safeParse({ checkpoint: "../checkpoint-200" });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error!.issues[0]!.path, ["checkpoint"]);
});
