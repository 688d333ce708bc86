// Helpers for specs that launch real runs on the sandbox GPU hosts: the sandbox registry, host
// registration through the seed script (lib/hosts/create-host, pinned key), run rows, the run page's
// status pill, and a one-shot SSH command on a sandbox host (lib/ssh/connect, pinned key).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { z } from "zod";
import { connectSsh, type TExecResult } from "@/lib/ssh/connect";
import { withDb } from "./auth";

const ZSandboxHost = z.object({
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  username: z.string(),
  privateKeyPath: z.string(),
  hostKeyFingerprint: z.string(),
  gpus: z.number().int(),
});
export type TSandboxHost = z.infer<typeof ZSandboxHost>;
const SANDBOX_FILE = process.env.E2E_SANDBOX_FILE ?? ".sandbox/hosts.json";

export function sandboxHost(name: string): TSandboxHost {
  const all = z.array(ZSandboxHost).parse(JSON.parse(readFileSync(SANDBOX_FILE, "utf8")));
  const h = all.find((x) => x.name === name);
  if (!h) throw new Error(`${SANDBOX_FILE} has no sandbox host ${name} (bash scripts/sandbox/hosts.sh up --name ${name} ...)`);
  return h;
}

/** Registers a sandbox host under its own name unless it already is (the seed is idempotent). */
export function ensureHostRegistered(name: string): void {
  const r = spawnSync("npx", ["tsx", "scripts/seed.ts", "--hosts", name], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`registering host ${name} failed:\n${r.stdout}\n${r.stderr}`);
}

export async function hostIdOf(name: string): Promise<string> {
  const r = await withDb((c) => c.query<{ id: string }>(`SELECT id FROM hosts WHERE name = $1`, [name]));
  const id = r.rows[0]?.id;
  if (!id) throw new Error(`host ${name} is not registered`);
  return id;
}

export type TRunRow = { id: string; name: string; status: string; remotePgid: number | null; exitCode: number | null; lastStep: number | null };

export async function runRow(id: string): Promise<TRunRow> {
  const r = await withDb((c) =>
    c.query<TRunRow>(`SELECT id, name, status::text AS status, "remotePgid", "exitCode", "lastStep" FROM runs WHERE id = $1`, [id]));
  const row = r.rows[0];
  if (!row) throw new Error(`no run ${id}`);
  return row;
}

export async function runEvents(id: string): Promise<{ type: string; message: string }[]> {
  const r = await withDb((c) =>
    c.query<{ type: string; message: string }>(`SELECT type::text AS type, message FROM run_events WHERE "runId" = $1 ORDER BY id`, [id]));
  return r.rows;
}

const TERMINAL = ["SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY", "KILLED", "CANCELLED"];

/** Deletes the spec's runs that have ended; a run still live is left for the worker (deleting it
 *  under a running process would orphan the process and its GPU lease bookkeeping). */
export async function deleteFinishedRuns(ids: string[]): Promise<void> {
  if (ids.length) await withDb((c) => c.query(`DELETE FROM runs WHERE id = ANY($1) AND status::text = ANY($2)`, [ids, TERMINAL]));
}

/** The status pill in the run page header (not the ones in tables further down). */
export function headerStatus(page: Page) {
  return page.locator("header").filter({ has: page.getByTestId("run-name") }).locator("[data-status]").first();
}

/** The run id from a /runs/{id} URL. */
export function runIdFromUrl(url: string): string {
  const m = /\/runs\/([A-Za-z0-9]+)$/.exec(new URL(url).pathname);
  if (!m?.[1]) throw new Error(`not a run page: ${url}`);
  return m[1];
}

/**
 * Records every status the run page's header pill shows (a MutationObserver in the page, so a
 * state that lasts less than a poll is still seen). Read the list with `seenStatuses`.
 */
export async function recordHeaderStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __ffStatuses?: string[] };
    w.__ffStatuses = [];
    const note = () => {
      const name = document.querySelector('[data-testid="run-name"]');
      const pill = name?.closest("header")?.querySelector("[data-status]");
      const s = pill?.getAttribute("data-status");
      if (s && w.__ffStatuses!.at(-1) !== s) w.__ffStatuses!.push(s);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  });
}

export async function seenStatuses(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __ffStatuses?: string[] }).__ffStatuses ?? []);
}

/** Runs one command on a sandbox host over SSH, pinned to the host key the registry recorded. */
export async function sshOnSandbox(name: string, cmd: string): Promise<TExecResult> {
  const h = sandboxHost(name);
  const conn = await connectSsh({ address: h.address, port: h.port, username: h.username,
    privateKey: readFileSync(h.privateKeyPath, "utf8"), expectedFingerprint: h.hostKeyFingerprint, timeoutMs: 10_000 });
  try {
    return await conn.exec(cmd, { timeoutMs: 10_000 });
  } finally {
    conn.close();
  }
}

/** Waits until the run row reaches one of `statuses` (for the steps the page is not asked about). */
export async function waitForRunStatus(id: string, statuses: string[], timeoutMs: number): Promise<TRunRow> {
  await expect.poll(async () => (await runRow(id)).status, { timeout: timeoutMs, intervals: [250] }).toMatch(new RegExp(`^(${statuses.join("|")})$`));
  return runRow(id);
}
