// `ffloor import HOST PATH [--wait] [--interval MS] [--json]`: import every LLaMA-Factory output dir
// under a host folder as IMPORTED runs. --wait follows the import (a progress line) until it ends;
// exit 0 when it succeeded, 1 when it failed.
import { remoteCommand, UsageError, type TOut } from "@/lib/api/cli-command";
import type { TApiClient } from "@/lib/api/http-client";
import type { TImportDto } from "@/lib/imports/list-imports";

const USAGE = "usage: ffloor import HOST PATH [--wait] [--interval MS] [--json]\n";

const line = (j: TImportDto) =>
  `${j.status.padEnd(9)} ${j.progress === null ? "  …" : `${String(Math.round(j.progress * 100)).padStart(3)}%`}  ${j.summary}  ${j.linesDone.toLocaleString("en-US")} lines${j.dirsFound ? `, ${j.dirsDone}/${j.dirsFound} dirs` : ""}`;

async function follow(api: TApiClient, o: TOut, host: string, id: string, intervalMs: number): Promise<TImportDto> {
  const tty = !o.json && process.stdout.isTTY;
  let last = "";
  for (;;) {
    const { imports } = await api.get<{ imports: TImportDto[] }>(`/hosts/${encodeURIComponent(host)}/imports`);
    const j = imports.find((x) => x.id === id);
    if (!j) throw new Error(`import ${id} is no longer listed`);
    const l = line(j);
    if (tty) process.stdout.write(`\r\x1b[2K${l}`);
    else if (l !== last && !o.json) process.stdout.write(`${l}\n`);
    last = l;
    if (j.status === "SUCCEEDED" || j.status === "FAILED") {
      if (tty) process.stdout.write("\n");
      return j;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function run(argv: string[]): Promise<number> {
  return remoteCommand(argv, USAGE, { wait: { type: "boolean" }, interval: { type: "string" } }, async ({ values, positionals, api, o }) => {
    const [host, folder, ...extra] = positionals;
    if (!host || folder === undefined || extra.length) throw new UsageError("give a HOST (name or id) and a PATH on it");
    const r = await api.post<{ importId: string; alreadyRunning: boolean; import: TImportDto }>(`/hosts/${encodeURIComponent(host)}/imports`, { path: folder });
    if (!values.wait) {
      o.emit({ ok: true, ...r });
      o.print(`${r.alreadyRunning ? "Already importing" : "Importing"} ${folder} on ${r.import.hostName} (import ${r.importId}); follow it with --wait or on the Hosts page`);
      return 0;
    }
    o.print(`${r.alreadyRunning ? "Already importing" : "Importing"} ${folder} on ${r.import.hostName} (import ${r.importId})`);
    const done = await follow(api, o, host, r.importId, Math.max(200, Number(values.interval ?? 1000) || 1000));
    o.emit({ ok: done.status === "SUCCEEDED", importId: r.importId, import: done });
    if (done.status === "FAILED") {
      if (!o.json) process.stderr.write(`error: the import failed: ${done.error ?? "unknown"}\n`);
      return 1;
    }
    o.print(`Done: ${done.summary}${done.error ? `\nnote: ${done.error}` : ""}`);
    return 0;
  });
}
