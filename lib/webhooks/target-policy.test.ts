import { test } from "node:test";
import assert from "node:assert/strict";
import { isPrivateAddress, literalTargetRefusal } from "@/lib/webhooks/target-policy";

test("loopback, private, link-local, metadata and reserved addresses are private, in every spelling", () => {
  for (const ip of ["127.0.0.1", "127.255.1.2", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe"]) {
    assert.equal(isPrivateAddress(ip), true, ip);
  }
  for (const ip of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
    assert.equal(isPrivateAddress(ip), false, ip);
  }
});

test("URLs whose host is a private address literal are refused unless private targets are allowed", () => {
  for (const url of ["http://127.0.0.1:6379/", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/", "http://[::1]/",
    "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/latest/meta-data/", "http://localhost:3000/", "http://foo.localhost/", "http://[fe80::1]/", "http://10.0.0.5/hook"]) {
    assert.match(literalTargetRefusal(url, false) ?? "", /private/, url);
    assert.equal(literalTargetRefusal(url, true), null, url);
  }
  assert.equal(literalTargetRefusal("https://hooks.slack.com/services/x", false), null);
  assert.equal(literalTargetRefusal("http://93.184.216.34/hook", false), null);
});
