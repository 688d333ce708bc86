// Compare and kill, on real sandbox runs through the real worker: two runs of the starter preset
// with different learning rates; tick both on the runs list → Compare (both curves on one chart,
// the learning_rate row highlighted); back on the list, kill the still-running one (the
// confirmation names run and host); its run page shows KILLED and each rung of the ladder; and
// over SSH the host has no process of its group left.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, headerStatus, runEvents, runRow, sshOnSandbox, waitForRunStatus } from "./helpers/runs";

const HOST = process.env.E2E_COMPARE_HOST ?? "test-b"; // two GPUs: both runs at once
const PRESET = "LoRA SFT 7B (24 GB)"; // seeded starter
const stamp = Date.now().toString(36);
const created: string[] = [];
test.afterAll(async () => {
  await deleteFinishedRuns(created);
});

async function launch(page: Page, o: { name: string; gpu: number; overrides: Record<string, unknown> }): Promise<string> {
  const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: HOST, gpus: [o.gpu], name: o.name, overrides: o.overrides } });
  expect(res.status(), await res.text()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  created.push(runId);
  return runId;
}

/** Processes of the run's session/group still on the host: `ps -g` (session; setsid makes
 *  session = group = leader pid) and the group column of `ps -e`, zombies counted as gone. */
async function liveProcessesOf(pgid: number): Promise<{ bySession: string[]; byGroup: string[] }> {
  const s = await sshOnSandbox(HOST, `ps -o pid=,stat= -g ${pgid}; true`);
  const g = await sshOnSandbox(HOST, `ps -eo pid=,pgid=,stat=`);
  const alive = (line: string, stat: string | undefined) => line.trim() !== "" && !(stat ?? "").startsWith("Z");
  const bySession = s.stdout.split("\n").filter((l) => alive(l, l.trim().split(/\s+/)[1]));
  const byGroup = g.stdout.split("\n").filter((l) => {
    const [, grp, stat] = l.trim().split(/\s+/);
    return Number(grp) === pgid && alive(l, stat);
  });
  return { bySession, byGroup };
}

test("launch two learning rates, compare them, kill one from the list and prove it is gone", async ({ page, context }) => {
  test.setTimeout(240_000);
  await signInAs(context);
  // A: 1e-4, short (≈ 170 steps ≈ 9 s), ends SUCCEEDED. B: 5e-4, 50 epochs: still running when
  // killed. B evaluates only far beyond where it gets to: 50 epochs overfit, and the preset's
  // default early-stop rules would stop it on rising eval loss before we kill it.
  const a = { name: `e2e-lr1e-4-${stamp}`, id: "" };
  const b = { name: `e2e-lr5e-4-${stamp}`, id: "" };
  a.id = await launch(page, { name: a.name, gpu: 0, overrides: { learning_rate: 1.0e-4, num_train_epochs: 3, logging_steps: 5, eval_steps: 20, save_steps: 20 } });
  b.id = await launch(page, { name: b.name, gpu: 1, overrides: { learning_rate: 5.0e-4, num_train_epochs: 50, logging_steps: 5, eval_steps: 2000, save_steps: 2000 } });
  await waitForRunStatus(a.id, ["SUCCEEDED"], 90_000);
  const runningB = await waitForRunStatus(b.id, ["RUNNING"], 30_000);
  await expect.poll(async () => (await runRow(b.id)).lastStep ?? 0, { timeout: 30_000 }).toBeGreaterThan(40);
  const pgid = runningB.remotePgid;
  expect(pgid, "the worker recorded the run's process group").toBeGreaterThan(1);
  // The SSH check below can see the run: before the kill its group has live processes.
  expect((await liveProcessesOf(pgid!)).byGroup.length).toBeGreaterThan(0);

  // Runs list → tick both → Compare.
  await page.goto("/");
  const rowA = page.locator(`tr[data-run-id="${a.id}"]`);
  const rowB = page.locator(`tr[data-run-id="${b.id}"]`);
  await rowA.getByLabel(`Select ${a.name}`).check();
  await rowB.getByLabel(`Select ${b.name}`).check();
  await expect(page.getByTestId("selection-count")).toHaveText("2 selected");
  // Both runs have loss curves (read just before the compare page renders: B is still training, so
  // the page can only hold more points than this, never fewer).
  const data = (await (await page.request.get(`/api/runs/compare?runs=${a.id},${b.id}&axis=step`)).json()) as
    { runs: { runId: string; series: { loss: { points: unknown[] } } }[] };
  const lossPoints = data.runs.map((r) => r.series.loss.points.length);
  expect(lossPoints.length).toBe(2);
  expect(lossPoints.every((n) => n > 5), `loss points per run: ${lossPoints.join(", ")}`).toBe(true);
  await page.getByRole("link", { name: "Compare 2" }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?runs=${a.id},${b.id}$`)); // ticking order = column order
  await expect(page.getByRole("heading", { name: "Compare 2 runs" })).toBeVisible();
  // The loss chart overlays both: its points are at least the two runs' points together.
  await expect.poll(async () => Number(await page.getByTestId("compare-loss").getAttribute("data-points")))
    .toBeGreaterThanOrEqual(lossPoints[0]! + lossPoints[1]!);
  const legend = page.getByTestId("run-legend");
  await expect(legend.getByRole("button", { name: a.name })).toHaveAttribute("aria-pressed", "true");
  await expect(legend.getByRole("button", { name: b.name })).toHaveAttribute("aria-pressed", "true");

  // The learning_rate row is highlighted as differing, each value marked as a launch override.
  const lr = page.getByTestId("hparam-table").locator('tr[data-key="learning_rate"]');
  await expect(lr).toHaveAttribute("data-differs", "yes");
  await expect(lr).toHaveClass(/bg-amber/);
  const cells = lr.locator("td");
  await expect(cells).toHaveCount(3);
  const [va, vb] = [await cells.nth(1).innerText(), await cells.nth(2).innerText()];
  expect(va).not.toEqual(vb);
  expect(Number(va.replace("*", "").trim())).toBeCloseTo(1e-4, 10);
  expect(Number(vb.replace("*", "").trim())).toBeCloseTo(5e-4, 10);
  await expect(cells.nth(1)).toHaveAttribute("title", "set as a launch override");
  // A key both runs share is not listed by default.
  await expect(page.getByTestId("hparam-table").locator('tr[data-key="lora_rank"]')).toHaveCount(0);
  await screenshot(page, "compare-kill-compare");
  // "Compare all runs of this preset" from a run page opens a compare URL holding both runs.
  await page.goto(`/runs/${a.id}`);
  await page.getByTestId("compare-preset-runs").click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?runs=.*${a.id}`));
  expect(page.url()).toContain(b.id);

  // Back on the list: tick only B and kill it; the confirmation names the run and its host.
  await page.goto("/");
  await rowB.getByLabel(`Select ${b.name}`).check();
  await expect(page.getByTestId("selection-count")).toHaveText("1 selected");
  await page.getByRole("button", { name: "Kill 1" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText(`Kill run "${b.name}" on ${HOST}?`);
  await expect(dialog.getByTestId("kill-list")).toContainText(b.name);
  await expect(dialog.getByTestId("kill-list")).toContainText(`on ${HOST}`);
  await screenshot(page, "compare-kill-confirm");
  const t0 = Date.now();
  await dialog.getByRole("button", { name: "Kill run" }).click();
  await expect(dialog).toBeHidden();
  await expect(rowB.locator("[data-status]")).toHaveAttribute("data-status", "KILLED", { timeout: 30_000 });
  console.log(`kill from the list: click → KILLED on the list in ${Date.now() - t0} ms`);
  await expect(rowA.locator("[data-status]")).toHaveAttribute("data-status", "SUCCEEDED"); // the other one untouched

  // Its run page: KILLED, by whom, and every rung of the ladder the worker recorded, ending "verified".
  await page.goto(`/runs/${b.id}`);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "KILLED");
  await expect(page.locator("dt", { hasText: /^stop$/ }).locator("xpath=following-sibling::dd")).toContainText("kill by Admin");
  const events = page.getByTestId("events");
  const db = await runEvents(b.id);
  const rungs = db.filter((e) => e.type === "SIGNAL_SENT").map((e) => e.message);
  console.log(`ladder: ${rungs.join(" | ")}`);
  expect(rungs[0]).toMatch(/^SIGABRT sent/);
  for (const [i, m] of rungs.entries()) expect(m).toMatch([/^SIGABRT/, /^SIGTERM sent to process group/, /^SIGKILL sent to process group/][i]!);
  for (const m of rungs) await expect(events.getByText(m, { exact: true })).toBeVisible();
  const verified = db.find((e) => e.type === "KILL_VERIFIED");
  expect(verified?.message).toMatch(new RegExp(`^No process of group ${pgid} is left \\(verified with ps`));
  await expect(events.getByText(verified!.message, { exact: true })).toBeVisible();
  await expect(events.locator("li").filter({ hasText: "kill verified" })).toContainText("verified");
  await screenshot(page, "compare-kill-killed-run");

  // The GPU is free again, and on the host nothing of the group is left.
  const leases = await withDb((c) => c.query(`SELECT 1 FROM gpu_leases WHERE "runId" = $1`, [b.id]));
  expect(leases.rowCount).toBe(0);
  const left = await liveProcessesOf(pgid!);
  expect(left.bySession, `ps -g ${pgid} on ${HOST}`).toEqual([]);
  expect(left.byGroup, `ps -eo pgid on ${HOST}`).toEqual([]);
});
