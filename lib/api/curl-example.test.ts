import { test } from "node:test";
import assert from "node:assert/strict";
import { buildOpenApi } from "@/lib/api/openapi";
import { curlExample, exampleFromSchema } from "@/lib/api/curl-example";

test("the launch example body holds the required fields, built from the route's schema", () => {
  const doc = buildOpenApi({ serverUrl: "http://127.0.0.1:3000" }) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>> };
  const body = exampleFromSchema(doc.paths["/runs"]!.post!.requestBody!.content["application/json"]!.schema);
  assert.deepEqual(body, { preset: "<preset>", host: "<host>", gpus: [0] });
});

test("curl: GET without a body, POST with JSON quoted for the shell", () => {
  assert.equal(curlExample({ method: "get", url: "http://h/api/v1/runs" }), `curl -sS 'http://h/api/v1/runs' \\\n  -H "Authorization: Bearer $FF_TOKEN"`);
  const post = curlExample({ method: "post", url: "http://h/api/v1/runs/{id}/kill", body: { reason: "it's stuck" } });
  assert.match(post, /^curl -sS -X POST 'http:\/\/h\/api\/v1\/runs\/\{id\}\/kill'/);
  assert.ok(post.includes(`--data '{"reason":"it'\\''s stuck"}'`), post);
  assert.ok(post.includes(`-H 'Content-Type: application/json'`));
});
