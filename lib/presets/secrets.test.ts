import { test } from "node:test";
import assert from "node:assert/strict";
import { maskSecrets, maskedKeys, revealSecrets, sameSecrets } from "@/lib/presets/secrets";
import { isSecretKey, isSecretValue, SECRET_MASK } from "@/lib/presets/secret-keys";
import { readWild } from "@/lib/presets/test-fixtures";

test("secret keys by LF name, by naming pattern, and credential-shaped values anywhere", () => {
  for (const k of ["swanlab_api_key", "hub_token", "hf_hub_token", "ms_hub_token", "wandb_api_key", "my_service_token", "db_password"]) assert.ok(isSecretKey(k), k);
  for (const k of ["tokenized_path", "max_new_tokens", "add_special_tokens", "learning_rate", "swanlab_project"]) assert.ok(!isSecretKey(k), k);
  assert.ok(isSecretValue("run_name", "hf_AbCdEfGhIjKlMnOpQrStUvWx"));
  assert.ok(isSecretValue("note", "0123456789abcdef0123456789abcdef01234567"), "a 40-hex W&B key");
  assert.ok(!isSecretValue("swanlab_api_key", ""), "the empty webui field is not a secret");
  assert.ok(!isSecretValue("swanlab_api_key", null));
  assert.ok(!isSecretValue("hub_token", SECRET_MASK));
});

test("masking splices the mask in place of each value and revealing restores the exact text", () => {
  const text = readWild("hihappy-qwen3-8b-swanlab-ds.yaml").replace(/^swanlab_api_key:.*$/m, "swanlab_api_key: sk-abcdefghijklmnopqrstuvwxyz  # from the team vault");
  const { masked, secrets } = maskSecrets(text);
  assert.deepEqual(secrets, { swanlab_api_key: "sk-abcdefghijklmnopqrstuvwxyz" });
  assert.ok(!masked.includes("sk-abc"));
  assert.match(masked, /^swanlab_api_key: •+  # from the team vault$/m, "the comment stays");
  assert.deepEqual(maskedKeys(masked), ["swanlab_api_key"]);
  assert.equal(revealSecrets(masked, secrets), text);
  // The real file with its empty key has nothing to seal.
  assert.deepEqual(maskSecrets(readWild("hihappy-qwen3-8b-swanlab-ds.yaml")).secrets, {});
  assert.ok(sameSecrets({ a: "1", b: "2" }, { b: "2", a: "1" }) && !sameSecrets({ a: "1" }, { a: "2" }));
});
