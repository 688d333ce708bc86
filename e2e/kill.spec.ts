// Kill, the other paths: from the run page, a hung run (its training processes stopped with
// SIGSTOP, as a process stuck in a driver call would be) does not answer SIGABRT or SIGTERM, so the
// ladder climbs to SIGKILL, every rung shown, then verified gone over SSH. And from the runs list,
// a queued run is cancelled without touching the host, while the run ahead of it is killed.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, ensureHostRegistered, headerStatus, runEvents, runRow, sshOnSandbox, waitForRunStatus } from "./helpers/runs";

const PRESET = "LoRA SFT 7B (24 GB)"; // seeded starter
const HOST_B = process.env.E2E_KILL_HOST ?? "test-b";
const HOST_A = process.env.E2E_QUEUE_HOST ?? "test-a";
const stamp = Date.now().toString(36);
// Long (50 epochs) and never evaluated where it gets to, so no early-stop rule ends it first.
const LONG = { num_train_epochs: 50, logging_steps: 5, eval_steps: 5000, save_steps: 5000 };
const created: string[] = [];
test.afterAll(async () => {
  await deleteFinishedRuns(created);
});

async function launch(page: Page, o: { name: string; host: string; gpu: number }): Promise<string> {
  const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: o.host, gpus: [o.gpu], name: o.name, overrides: LONG } });
  expect(res.status(), await res.text()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  created.push(runId);
  return runId;
}

async function liveInGroup(host: string, pgid: number): Promise<string[]> {
  const r = await sshOnSandbox(host, `ps -eo pid=,pgid=,stat=`);
  return r.stdout.split("\n").filter((l) => {
    const [, g, stat] = l.trim().split(/\s+/);
    return Number(g) === pgid && !(stat ?? "Z").startsWith("Z");
  });
}

test("a hung run killed from its page: SIGABRT, SIGTERM, SIGKILL, verified gone", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signInAs(context);
  const name = `e2e-hung-${stamp}`;
  const id = await launch(page, { name, host: HOST_B, gpu: 0 });
  const running = await waitForRunStatus(id, ["RUNNING"], 60_000);
  await expect.poll(async () => (await runRow(id)).lastStep ?? 0, { timeout: 30_000 }).toBeGreaterThan(10);
  const pgid = running.remotePgid!;
  expect(pgid).toBeGreaterThan(1);

  // Freeze every process of the group except the sh wrapper that leads it: a stopped process keeps
  // SIGABRT and SIGTERM pending, only SIGKILL ends it.
  const frozen = await sshOnSandbox(HOST_B,
    `for p in $(ps -eo pid=,pgid= | awk -v g=${pgid} '$2==g && $1!=g {print $1}'); do kill -STOP "$p" && echo "$p"; done`);
  const frozenPids = frozen.stdout.trim().split("\n").filter(Boolean);
  expect(frozenPids.length, frozen.stderr).toBeGreaterThan(0);
  expect((await liveInGroup(HOST_B, pgid)).length).toBeGreaterThanOrEqual(frozenPids.length + 1); // + the wrapper

  await page.goto(`/runs/${id}`);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "RUNNING");
  await page.getByTestId("kill-run").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText(`Kill run "${name}" on ${HOST_B}?`);
  await dialog.getByRole("button", { name: "Kill run" }).click();
  await expect(headerStatus(page)).toHaveAttribute("data-status", "KILLED", { timeout: 30_000 });

  const events = page.getByTestId("events");
  const db = await runEvents(id);
  const rungs = db.filter((e) => e.type === "SIGNAL_SENT").map((e) => e.message);
  expect(rungs).toHaveLength(3);
  expect(rungs[0]).toMatch(/^SIGABRT sent to the training processes/);
  expect(rungs[1]).toBe(`SIGTERM sent to process group ${pgid}`);
  expect(rungs[2]).toBe(`SIGKILL sent to process group ${pgid}`);
  for (const m of rungs) await expect(events.getByText(m, { exact: true })).toBeVisible();
  const verified = db.find((e) => e.type === "KILL_VERIFIED");
  expect(verified?.message).toMatch(new RegExp(`^No process of group ${pgid} is left \\(verified with ps`));
  await expect(events.getByText(verified!.message, { exact: true })).toBeVisible();
  await expect(events.getByText("KILLED (ended by SIGKILL)", { exact: true })).toBeVisible();
  await screenshot(page, "kill-hung-run-ladder");

  expect(await liveInGroup(HOST_B, pgid)).toEqual([]);
  const leases = await withDb((c) => c.query(`SELECT 1 FROM gpu_leases WHERE "runId" = $1`, [id]));
  expect(leases.rowCount).toBe(0);
});

test("from the list: a queued run is cancelled without touching the host, the run ahead is killed", async ({ page, context }) => {
  test.setTimeout(180_000);
  ensureHostRegistered(HOST_A);
  await signInAs(context);
  const holder = { name: `e2e-kill-holder-${stamp}`, id: "" };
  const waiter = { name: `e2e-kill-waiter-${stamp}`, id: "" };
  holder.id = await launch(page, { name: holder.name, host: HOST_A, gpu: 0 });
  const running = await waitForRunStatus(holder.id, ["RUNNING"], 60_000);
  waiter.id = await launch(page, { name: waiter.name, host: HOST_A, gpu: 0 });
  expect((await runRow(waiter.id)).status).toBe("QUEUED");

  await page.goto("/");
  // Ticked waiter first: the action handles them in that order, so the waiter is cancelled before
  // the holder's kill could free the GPU and start it.
  await page.locator(`tr[data-run-id="${waiter.id}"]`).getByLabel(`Select ${waiter.name}`).check();
  await page.locator(`tr[data-run-id="${holder.id}"]`).getByLabel(`Select ${holder.name}`).check();
  await page.getByRole("button", { name: "Kill 2" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText("Kill 2 runs?");
  await expect(dialog).toContainText("The queued run is cancelled without touching the host.");
  const list = dialog.getByTestId("kill-list");
  await expect(list.locator("li")).toHaveCount(2);
  for (const n of [holder.name, waiter.name]) await expect(list.locator("li").filter({ hasText: n })).toContainText(`on ${HOST_A}`);
  await screenshot(page, "kill-two-confirm");
  await dialog.getByRole("button", { name: "Kill 2 runs" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(`tr[data-run-id="${waiter.id}"] [data-status]`)).toHaveAttribute("data-status", "CANCELLED", { timeout: 15_000 });
  await expect(page.locator(`tr[data-run-id="${holder.id}"] [data-status]`)).toHaveAttribute("data-status", "KILLED", { timeout: 30_000 });
  await screenshot(page, "kill-two-done");

  // The waiter never reached the host: no run folder, no process. It is not restarted either.
  const w = await runRow(waiter.id);
  expect(w.remotePgid).toBeNull();
  const dir = await withDb((c) => c.query<{ outputDir: string }>(`SELECT "outputDir" FROM runs WHERE id = $1`, [waiter.id]));
  const exists = await sshOnSandbox(HOST_A, `test -e '${dir.rows[0]!.outputDir.replace(/'/g, "")}' && echo exists || echo absent`);
  expect(exists.stdout.trim()).toBe("absent");
  const types = (await runEvents(waiter.id)).map((e) => e.type);
  expect(types).toContain("CANCELLED");
  expect(types.filter((t) => ["LAUNCHING", "STARTED", "SIGNAL_SENT"].includes(t))).toEqual([]);
  expect(await liveInGroup(HOST_A, running.remotePgid!)).toEqual([]);
  await page.waitForTimeout(2_000);
  expect((await runRow(waiter.id)).status).toBe("CANCELLED");
});
