// Keys whose value the saved text shows as the secret mask (pure; the browser can run it).
import YAML from "yaml";
import { SECRET_MASK } from "@/lib/presets/secret-keys";

export function maskedKeysOf(text: string): string[] {
  try {
    const v = YAML.parse(text, { version: "1.1" }) as unknown;
    if (!v || typeof v !== "object" || Array.isArray(v)) return [];
    return Object.entries(v as Record<string, unknown>).filter(([, x]) => x === SECRET_MASK).map(([k]) => k);
  } catch { return []; }
}
