// "Launch again with changes": the launch form opens prefilled with the run's preset version, overrides,
// host and a derived name; changing one override launches a run that differs by exactly that key.
import { expect, test } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, runIdFromUrl, waitForRunStatus } from "./helpers/runs";

const stamp = Date.now().toString(36);
const created: string[] = [];
test.afterAll(async () => {
  await deleteFinishedRuns(created);
});

test("relaunch a run with one override changed", async ({ page, context }) => {
  await signInAs(context);
  const src = `again${stamp}`;
  created.push(src);
  const pv = await withDb(async (c) => {
    // The oldest version: the form defaults to the latest, so seeing this one proves it came from the run.
    const r = await c.query<{ id: string; version: number; presetId: string }>(
      `SELECT pv.id, pv.version, pv."presetId" FROM preset_versions pv JOIN presets p ON p.id = pv."presetId" WHERE NOT p.archived ORDER BY pv."createdAt" LIMIT 1`);
    const v = r.rows[0]!;
    await c.query(`INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "presetVersionId", overrides, "configYaml", "outputDir", "startedAt", "finishedAt", "updatedAt")
      SELECT $1, $2, 'SUCCEEDED', id, '{0}', $3, $4, 'learning_rate: 2.0e-4\n', '/nonexistent', now(), now(), now() FROM hosts WHERE NOT archived ORDER BY "createdAt" LIMIT 1`,
      [src, `lr-probe-${stamp}`, v.id, JSON.stringify({ learning_rate: 0.0002, num_train_epochs: 1, max_samples: 40 })]);
    return v;
  });
  await page.goto(`/runs/${src}`);
  await page.getByTestId("launch-again").click();
  await expect(page.getByRole("heading", { name: "Launch again with changes" })).toBeVisible();
  await expect(page.getByTestId("launch-from")).toContainText(`lr-probe-${stamp}`);
  await expect(page.locator("#launch-version")).toHaveValue(pv.id);
  // Stored as jsonb, which keeps its own key order: compare the lines as a set.
  await expect.poll(async () => (await page.locator("#launch-overrides").inputValue()).split("\n").sort())
    .toEqual(["learning_rate=0.0002", "max_samples=40", "num_train_epochs=1"]);
  await expect(page.locator("#launch-name")).toHaveValue(`lr-probe-${stamp}-again`);
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1024, 1600]) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `launch-again-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.locator("#launch-overrides").fill("learning_rate=0.0001\nnum_train_epochs=1\nmax_samples=40");
  await page.getByRole("button", { name: /^Launch/ }).click();
  await expect(page).toHaveURL(/\/runs\/r[a-z0-9]+$/);
  const child = runIdFromUrl(page.url());
  created.push(child);
  const row = await withDb(async (c) => (await c.query<{ presetVersionId: string; overrides: Record<string, unknown>; name: string }>(
    `SELECT "presetVersionId", overrides, name FROM runs WHERE id = $1`, [child])).rows[0]!);
  expect(row).toEqual({ presetVersionId: pv.id, overrides: { learning_rate: 0.0001, num_train_epochs: 1, max_samples: 40 }, name: `lr-probe-${stamp}-again` });
  // Let the worker finish (or kill) it so the spec leaves nothing running.
  await page.request.post(`/api/v1/runs/${child}/kill`, { data: {} });
  await waitForRunStatus(child, ["KILLED", "CANCELLED", "SUCCEEDED", "FAILED", "STOPPED"], 60_000);
});
