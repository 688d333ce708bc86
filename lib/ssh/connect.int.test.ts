import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import net from "node:net";
import { connectSsh } from "@/lib/ssh/connect";
import { shQuote } from "@/lib/ssh/quote";
import { startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";

let h: TThrowawaySshd;
before(() => {
  h = startThrowawaySshd({ port: 22301 });
});
after(() => h.stop());

const base = () => ({ address: h.address, port: h.port, username: h.username, privateKey: h.privateKey, timeoutMs: 5000 });

test("connects, reports the fingerprint exactly as ssh-keygen -lf, runs commands", async () => {
  const c = await connectSsh(base());
  try {
    assert.equal(c.fingerprint, h.hostKeyFingerprint);
    const r = await c.exec(`printf %s ${shQuote("hi $(x) `y`")}; echo err >&2; exit 3`);
    assert.deepEqual({ out: r.stdout, err: r.stderr, code: r.code }, { out: "hi $(x) `y`", err: "err\n", code: 3 });
  } finally {
    c.close();
  }
});

test("pinned fingerprint: match connects, mismatch refuses saying the host key changed", async () => {
  const ok = await connectSsh({ ...base(), expectedFingerprint: h.hostKeyFingerprint });
  ok.close();
  await assert.rejects(connectSsh({ ...base(), expectedFingerprint: h.otherFingerprint }), (e: Error) => {
    assert.match(e.message, /host key .* changed/i);
    assert.ok(e.message.includes(h.hostKeyFingerprint), e.message);
    return true;
  });
});

test("clear errors: refused, DNS, auth, bad key, timeout", async () => {
  await assert.rejects(connectSsh({ ...base(), port: 22399 }), /Connection refused by 127\.0\.0\.1:22399/);
  await assert.rejects(connectSsh({ ...base(), address: "no-such-host.invalid" }), /Cannot resolve the address "no-such-host\.invalid"/);
  const otherKey = execFileSync("sh", ["-c", "rm -f /tmp/ffh4-k /tmp/ffh4-k.pub; ssh-keygen -q -t ed25519 -N '' -f /tmp/ffh4-k && cat /tmp/ffh4-k"], { encoding: "utf8" });
  await assert.rejects(connectSsh({ ...base(), privateKey: otherKey }), /Authentication failed for user/);
  await assert.rejects(connectSsh({ ...base(), privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\ngarbage\n" }), /private key could not be read/);
  await assert.rejects(connectSsh({ ...base(), privateKey: execFileSync("cat", ["/tmp/ffh4-k.pub"], { encoding: "utf8" }) }), /public key|could not be read/);
  // A listener that accepts and never speaks: only our timeout can end the attempt.
  const silent = net.createServer(() => {});
  await new Promise<void>((r) => silent.listen(22398, "127.0.0.1", r));
  try {
    const t0 = Date.now();
    await assert.rejects(connectSsh({ ...base(), port: 22398, timeoutMs: 1000 }), /Timed out connecting to 127\.0\.0\.1:22398/);
    assert.ok(Date.now() - t0 < 4000);
  } finally {
    silent.close();
  }
});

test("exec timeout rejects and the connection stays usable", async () => {
  const c = await connectSsh(base());
  try {
    await assert.rejects(c.exec("sleep 5", { timeoutMs: 300 }), /timed out after 300 ms/);
    assert.equal((await c.exec("echo ok")).stdout, "ok\n");
  } finally {
    c.close();
  }
});

test("sftp: readFrom at an offset, missing file is empty, stat, writeFile with mode", async () => {
  const c = await connectSsh(base());
  try {
    const p = `${h.home}/f.txt`;
    await c.writeFile(p, "0123456789ABCDEFGHIJ", 0o600);
    assert.equal((await c.readFrom(p, 10, 5)).toString(), "ABCDE");
    assert.equal((await c.readFrom(p, 15, 100)).toString(), "FGHIJ");
    assert.equal((await c.readFrom(p, 100, 10)).length, 0);
    assert.equal((await c.readFrom(`${h.home}/nope.txt`, 0, 10)).length, 0);
    const st = await c.stat(p);
    assert.equal(st?.size, 20);
    assert.equal((st?.mode ?? 0) & 0o777, 0o600);
    assert.equal(await c.stat(`${h.home}/nope`), null);
    const big = Buffer.alloc(700_000, 65);
    await c.writeFile(`${h.home}/big`, big);
    assert.equal((await c.readFrom(`${h.home}/big`, 1, 700_000)).length, 699_999);
  } finally {
    c.close();
  }
});
