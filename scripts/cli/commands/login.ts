// `ffloor login --url URL --token TOKEN [--json]`: checks the token against the server, then stores
// it in ~/.config/ffloor/config.json (mode 600).
import { saveCliConfig } from "@/lib/api/cli-config";
import { apiClient } from "@/lib/api/http-client";
import { remoteCommand, UsageError } from "@/lib/api/cli-command";

const USAGE = "usage: ffloor login --url URL --token TOKEN [--json]\n";

export async function run(argv: string[]): Promise<number> {
  return remoteCommand(argv, USAGE, { url: { type: "string" }, token: { type: "string" } }, async ({ values, o }) => {
    if (!values.url || !values.token) throw new UsageError("--url and --token are required");
    const cfg = { url: String(values.url).replace(/\/$/, ""), token: String(values.token) };
    const doc = await apiClient(cfg).get<{ info: { title: string } }>("/openapi.json"); // proves URL + token before saving
    const file = await saveCliConfig(cfg);
    o.emit({ ok: true, url: cfg.url, config: file, server: doc.info.title });
    o.print(`Logged in to ${cfg.url} (token saved to ${file})`);
    return 0;
  }, { needsLogin: false });
}
