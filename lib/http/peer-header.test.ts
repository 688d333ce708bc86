import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { installPeerHeader } from "@/lib/http/peer-header";
import { PEER_HEADER } from "@/lib/auth/client-ip";

test("every request carries the socket's address; a client cannot forge the header", async () => {
  installPeerHeader();
  const seen: string[] = [];
  const server = http.createServer((req, res) => { seen.push(String(req.headers[PEER_HEADER])); res.end(); });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } });
  await fetch(`http://127.0.0.1:${port}/`);
  server.close();
  assert.deepEqual(seen, ["127.0.0.1", "127.0.0.1"]);
});
