// Shared shape of the remote CLI commands: parse flags, load the login, call the API, print text or
// one JSON document (--json), and map failures to exit codes (1 = the server refused, 2 = usage).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadCliConfig } from "@/lib/api/cli-config";
import { apiClient, ApiCallError, type TApiClient } from "@/lib/api/http-client";

export class UsageError extends Error {}

export type TOut = { json: boolean; print(text: string): void; emit(doc: unknown): void };

export function out(json: boolean): TOut {
  return {
    json,
    print: (t) => { if (!json) process.stdout.write(t.endsWith("\n") ? t : `${t}\n`); },
    emit: (d) => { if (json) process.stdout.write(`${JSON.stringify(d)}\n`); },
  };
}

export async function remoteCommand(
  argv: string[],
  usage: string,
  options: NonNullable<ParseArgsConfig["options"]>,
  fn: (a: { values: Record<string, any>; positionals: string[]; api: TApiClient; o: TOut }) => Promise<number>,
  opts: { needsLogin?: boolean } = {},
): Promise<number> {
  const json = argv.includes("--json");
  const o = out(json);
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: { ...options, json: { type: "boolean" } }, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const api = opts.needsLogin === false ? (undefined as unknown as TApiClient) : apiClient(await loadCliConfig());
    return await fn({ values: parsed.values, positionals: parsed.positionals, api, o });
  } catch (e) {
    const usageErr = e instanceof UsageError;
    const body = e instanceof ApiCallError ? { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}), ...(e.fields ? { fields: e.fields } : {}) } : { code: usageErr ? "usage" : "error", message: (e as Error).message };
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: body })}\n`);
    else if (e instanceof ApiCallError && e.fields?.length) {
      // A preflight refusal: one line per field, so the user sees every check that failed.
      process.stderr.write(`error: ${e.code}: the launch was refused\n${e.fields.map((f) => `  ${f.field}: ${f.message}`).join("\n")}\n`);
    } else process.stderr.write(`error: ${body.message}\n${usageErr ? usage : ""}`);
    return usageErr ? 2 : 1;
  }
}
