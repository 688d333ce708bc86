// Presets end to end: import a fixture YAML by upload, see it listed, edit one key in the form view,
// save version 2, see the diff, and export version 1 byte for byte equal to the uploaded file.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const FIXTURE = "lib/presets/testdata/llamafactory-examples/train_lora/qwen3_lora_sft.yaml";
const NAME = `e2e-preset-${Date.now()}`;

test.afterAll(async () => {
  await withDb((c) => c.query(`DELETE FROM presets WHERE name = $1`, [NAME]));
});

test("import, list, edit one key, version 2 with a diff, byte-exact export", async ({ page, context }) => {
  await signInAs(context);
  await page.goto("/presets");
  const newButton = page.getByRole("button", { name: "New preset" });
  if (await newButton.isVisible()) await newButton.click();
  await page.getByLabel("Name").fill(NAME);
  await page.getByLabel("Upload YAML file").setInputFiles(FIXTURE);
  await expect(page.getByLabel("Preset YAML")).toHaveValue(readFileSync(FIXTURE, "utf8"));
  await page.getByRole("button", { name: "Create preset" }).click();
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(page.getByText("Valid training config")).toBeVisible();

  await page.goto("/presets");
  const row = page.getByTestId("preset-row").filter({ hasText: NAME });
  await expect(row).toBeVisible();
  await expect(row).toContainText("v1");
  await row.getByRole("link", { name: NAME }).click();

  // Edit learning_rate in the form view: only that line changes.
  await page.getByRole("tab", { name: "Form" }).click();
  const lr = page.locator("#f-learning_rate");
  await lr.fill("5e-5");
  await lr.press("Enter");
  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByLabel("Preset YAML")).toHaveValue(readFileSync(FIXTURE, "utf8").replace("learning_rate: 1.0e-4", "learning_rate: 5.0e-5"));
  // A bad value is named by the live lint and blocks saving.
  await page.getByLabel("Preset YAML").fill(readFileSync(FIXTURE, "utf8").replace("learning_rate: 1.0e-4", "learning_rate: -1"));
  await expect(page.getByTestId("lint-list")).toContainText("learning_rate");
  await expect(page.getByRole("button", { name: "Save new version" })).toBeDisabled();
  await page.getByLabel("Preset YAML").fill(readFileSync(FIXTURE, "utf8").replace("learning_rate: 1.0e-4", "learning_rate: 5.0e-5"));
  await page.getByLabel("Version message").fill("lower the learning rate");
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(page.getByText("Saved as version 2")).toBeVisible();
  await expect(page.getByTestId("version-row")).toHaveCount(2);

  const diff = page.getByTestId("version-diff");
  await expect(diff.locator('[data-op="del"]')).toHaveCount(1);
  await expect(diff.locator('[data-op="del"]')).toContainText("learning_rate: 1.0e-4");
  await expect(diff.locator('[data-op="add"]')).toHaveCount(1);
  await expect(diff.locator('[data-op="add"]')).toContainText("learning_rate: 5.0e-5");
  await screenshot(page, "preset-editor-diff");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("version-row").filter({ hasText: "v1" }).getByRole("button", { name: "Export" }).click(),
  ]);
  const exported = readFileSync((await download.path())!);
  expect(exported.equals(readFileSync(FIXTURE))).toBe(true);
  await expect(page.getByRole("link", { name: "Launch" })).toHaveAttribute("href", /\/launch\?preset=/);
});
