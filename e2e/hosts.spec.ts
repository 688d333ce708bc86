// Adds a real sandbox host (real sshd, simulated nvidia-smi) through the two-step form.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { z } from "zod";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const ZSandboxHost = z.object({
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  username: z.string(),
  privateKeyPath: z.string(),
  hostKeyFingerprint: z.string(),
});
// The global setup registers test-b itself; this spec adds another sandbox host through the UI.
const SANDBOX_FILE = process.env.E2E_SANDBOX_FILE ?? ".sandbox/hosts.json";
const WANTED = process.env.E2E_ADD_HOST ?? "test-a";

function sandboxHost() {
  const all = z.array(ZSandboxHost).parse(JSON.parse(readFileSync(SANDBOX_FILE, "utf8")));
  const h = all.find((x) => x.name === WANTED) ?? all[0];
  if (!h) throw new Error(`${SANDBOX_FILE} lists no sandbox hosts`);
  return h;
}

const created: string[] = [];
test.afterAll(async () => {
  if (created.length) await withDb((c) => c.query(`DELETE FROM hosts WHERE name = ANY($1)`, [created]));
});

async function countHosts(name: string): Promise<number> {
  return withDb(async (c) => Number((await c.query(`SELECT count(*)::int AS n FROM hosts WHERE name = $1`, [name])).rows[0].n));
}

async function fillHostForm(page: import("@playwright/test").Page, v: { name: string; address: string; port: number; username: string; key: string }) {
  await page.getByLabel("Name").fill(v.name);
  await page.getByLabel("Address").fill(v.address);
  await page.getByLabel("Port", { exact: true }).fill(String(v.port));
  await page.getByLabel("User").fill(v.username);
  await page.getByLabel("Private key").fill(v.key);
}

async function openForm(page: import("@playwright/test").Page) {
  await page.goto("/hosts");
  const add = page.getByRole("button", { name: "Add host" });
  // With no hosts yet the form is already open in the empty state.
  if (await add.isVisible()) await add.click();
  await expect(page.getByRole("region", { name: "Add a GPU host" })).toBeVisible();
}

test("add a sandbox host: confirm its fingerprint, then see its GPUs", async ({ page, context }) => {
  const h = sandboxHost();
  const name = `e2e-${h.name}-${Date.now().toString(36)}`;
  created.push(name);
  await signInAs(context);
  await openForm(page);
  await fillHostForm(page, { name, address: h.address, port: h.port, username: h.username, key: readFileSync(h.privateKeyPath, "utf8") });
  await page.getByRole("button", { name: "Connect" }).click();

  await expect(page.getByTestId("host-fingerprint")).toHaveText(h.hostKeyFingerprint);
  await expect(page.getByTestId("probe-result").getByTestId("gpu-table").locator("tbody tr").first()).toBeVisible();
  await screenshot(page, "hosts-confirm-fingerprint");
  expect(await countHosts(name)).toBe(0); // nothing saved before the user trusts the key

  await page.getByRole("button", { name: "Trust and save" }).click();
  const card = page.getByTestId(`host-${name}`);
  await expect(card).toBeVisible();
  await expect(card.getByText("Online")).toBeVisible();
  await expect(card.getByText(`${h.username}@${h.address}:${h.port}`)).toBeVisible();
  const rows = card.getByTestId("gpu-table").locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first()).toContainText(/Free|In use by/);
  expect(await countHosts(name)).toBe(1);

  // The private key must not come back in the page (HTML or RSC payload).
  const keyBody = readFileSync(h.privateKeyPath, "utf8").split("\n")[1] ?? "";
  expect(keyBody.length).toBeGreaterThan(20);
  expect(await page.content()).not.toContain(keyBody);
  const raw = await (await context.request.get("/hosts")).text();
  expect(raw).not.toContain(keyBody);

  await card.getByRole("button", { name: "Refresh GPUs" }).click();
  await expect(card.getByRole("button", { name: "Refresh GPUs" })).toBeEnabled();
  await expect(card.getByText("Online")).toBeVisible();
  await screenshot(page, "hosts");
});

test("a wrong port shows a clear error next to the form and saves nothing", async ({ page, context }) => {
  const h = sandboxHost();
  const name = `e2e-badport-${Date.now().toString(36)}`;
  await signInAs(context);
  await openForm(page);
  // Port 1 on loopback: nothing listens there, so the connection is refused.
  await fillHostForm(page, { name, address: h.address, port: 1, username: h.username, key: readFileSync(h.privateKeyPath, "utf8") });
  await page.getByRole("button", { name: "Connect" }).click();
  const err = page.getByRole("region", { name: "Add a GPU host" }).getByRole("alert");
  await expect(err).toContainText("Connection refused");
  await expect(err).toContainText(`${h.address}:1`);
  await expect(page.getByLabel("Port", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("probe-result")).toHaveCount(0);
  await screenshot(page, "hosts-wrong-port");
  expect(await countHosts(name)).toBe(0);
});

test("a wrong private key is refused with a message about the key", async ({ page, context }) => {
  const h = sandboxHost();
  const name = `e2e-badkey-${Date.now().toString(36)}`;
  await signInAs(context);
  await openForm(page);
  await fillHostForm(page, { name, address: h.address, port: h.port, username: h.username, key: "not a key" });
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("region", { name: "Add a GPU host" }).getByRole("alert")).toContainText("private key");
  await expect(page.getByLabel("Private key")).toHaveAttribute("aria-invalid", "true");
  expect(await countHosts(name)).toBe(0);
});
