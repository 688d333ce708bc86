// Which config values are secrets (pure; safe in the browser): LF's token/key arguments by name, any
// key named like one (…_token, …_api_key, …secret, password), and any string value shaped like a
// credential (Hugging Face, W&B, OpenAI-style keys), whatever key it sits under.
export const SECRET_MASK = "••••••••";

const NAMED = new Set(["swanlab_api_key", "swanlab_lark_secret", "swanlab_lark_webhook_url", "hub_token", "hf_hub_token",
  "ms_hub_token", "om_hub_token", "push_to_hub_token", "wandb_api_key", "wandb_key", "hf_token"]);
const NAME_RE = /(^|_)(token|api_?key|secret|password|passwd|access_key|secret_key|webhook_url)$/i;
const VALUE_RE = /^(hf_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9_-]{20,}|ghp_[A-Za-z0-9]{20,}|[a-f0-9]{40}|wandb_v1_[A-Za-z0-9_]{20,})$/;

export function isSecretKey(key: string): boolean {
  return NAMED.has(key) || NAME_RE.test(key);
}

/** A value worth sealing: a non-empty string under a secret key, or a credential-shaped string anywhere. */
export function isSecretValue(key: string, value: unknown): value is string {
  if (typeof value !== "string" || value.trim() === "" || value === SECRET_MASK) return false;
  return isSecretKey(key) || VALUE_RE.test(value.trim());
}
