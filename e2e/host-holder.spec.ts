// The hosts page says which worker process holds each host's lease (polls and supervises it) and since
// when; when that lease lapses (the worker frozen, nobody else alive) the card says no worker holds
// it, and once the worker runs again it takes the host back under a new epoch.
import { expect, test } from "@playwright/test";
import { signInAs, withDb } from "./helpers/auth";
import { screenshotAll } from "./helpers/screens";

const HOST = "test-b"; // registered by the global setup
let frozenPid = 0;

test.afterAll(() => {
  if (frozenPid) try { process.kill(frozenPid, "SIGCONT"); } catch { /* gone */ }
});

test("each host card names the worker that holds it; a lapsed lease says so, and the worker takes it back", async ({ page, context }) => {
  test.setTimeout(60_000);
  await signInAs(context);
  const lease = () => withDb(async (c) => (await c.query<{ pid: number; hostname: string; epoch: string }>(
    `SELECT w.pid, w.hostname, l.epoch::text FROM host_leases l JOIN worker_heartbeats w ON w.id = l."workerId" JOIN hosts h ON h.id = l."hostId"
     WHERE h.name = $1 AND l."expiresAt" > now() AT TIME ZONE 'UTC'`, [HOST])).rows[0]);
  await expect.poll(lease, { timeout: 15_000 }).toBeTruthy();
  const held = (await lease())!;

  await page.goto("/hosts");
  const card = page.getByTestId(`host-${HOST}`);
  await expect(card.getByTestId("host-holder")).toHaveText(new RegExp(`^worker ${held.hostname}:${held.pid} since `));
  await expect(card.getByTestId("host-holder")).toHaveAttribute("title", new RegExp(`lease epoch ${held.epoch}$`));
  await screenshotAll(page, "hosts-holder", { fullPage: false });

  // Freeze the worker and let its lease lapse (as after the TTL): nobody holds the host now.
  frozenPid = held.pid;
  process.kill(frozenPid, "SIGSTOP");
  try {
    await withDb((c) => c.query(`UPDATE host_leases SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE "hostId" = (SELECT id FROM hosts WHERE name = $1)`, [HOST]));
    await page.goto("/hosts");
    await expect(card.getByTestId("host-holder")).toHaveText("no worker holds it");
    await screenshotAll(page, "hosts-holder-lapsed", { clip: card.locator("header") });
  } finally {
    process.kill(frozenPid, "SIGCONT");
    frozenPid = 0;
  }
  // Awake again, it claims the free host under a new epoch within a lease tick or two.
  await expect.poll(async () => (await lease())?.epoch, { timeout: 15_000 }).toBe(String(BigInt(held.epoch) + 1n));
  await page.goto("/hosts");
  await expect(card.getByTestId("host-holder")).toHaveText(new RegExp(`^worker ${held.hostname}:${held.pid} since just now$`));
});
