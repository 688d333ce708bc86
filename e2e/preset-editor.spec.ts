// The preset editor's form view: enum keys are selects, a bad value is named on its field while you
// type, and a secret (swanlab_api_key) is stored sealed, shown masked in both views and revealed only
// on request. Screenshots at 1024/1600 px, light and dark.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const NAME = `e2e-editor-${Date.now()}`;
const KEY = "sk_live_swanlab_e2e_0123456789abcdef";
const WILD = readFileSync("lib/presets/testdata/wild-presets/hihappy-qwen3-8b-swanlab-ds.yaml", "utf8").replace(/^swanlab_api_key:.*$/m, `swanlab_api_key: ${KEY}`);

test.afterAll(async () => {
  await withDb((c) => c.query(`DELETE FROM presets WHERE name = $1`, [NAME]));
});

test("enum selects, live field errors, a masked secret, and screenshots", async ({ page, context }) => {
  await signInAs(context);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "ff-e2e-")), "hihappy.yaml");
  writeFileSync(file, WILD);
  await page.goto("/presets");
  const newButton = page.getByRole("button", { name: "New preset" });
  if (await newButton.isVisible()) await newButton.click();
  await page.getByLabel("Name").fill(NAME);
  await page.getByLabel("Upload YAML file").setInputFiles(file);
  await page.getByRole("button", { name: "Create preset" }).click();
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();

  // At rest and on the page the secret is masked.
  const yamlBox = page.getByLabel("Preset YAML");
  await expect(yamlBox).not.toHaveValue(new RegExp(KEY));
  await expect(yamlBox).toHaveValue(/^swanlab_api_key: "?••••••••"?$/m);
  await expect(page.getByTestId("sealed-note")).toContainText("swanlab_api_key sealed");
  const stored = await withDb((c) => c.query(`SELECT v.yaml, v."secretsSealed" FROM preset_versions v JOIN presets p ON p.id = v."presetId" WHERE p.name = $1`, [NAME]));
  expect(JSON.stringify(stored.rows)).not.toContain(KEY);

  await page.getByRole("tab", { name: "Form" }).click();
  // Enums are selects with LF's values.
  const template = page.locator("select#f-template");
  await expect(template).toHaveValue("qwen3");
  await expect(template.locator("option", { hasText: "qwen3_nothink" })).toHaveCount(1);
  const sched = page.locator("select#f-lr_scheduler_type");
  await sched.selectOption("linear");
  await expect(page.locator("select#f-lr_scheduler_type")).toHaveValue("linear");
  await expect(page.locator("select#f-optim")).toHaveValue("adamw_torch");
  // The secret is a password field holding the mask.
  await expect(page.locator("#f-swanlab_api_key")).toHaveAttribute("type", "password");
  await expect(page.getByTestId("secret-swanlab_api_key")).toBeVisible();

  // Errors on the field as you type, before leaving it.
  const lr = page.locator("#f-learning_rate");
  await lr.fill("-1");
  await expect(page.locator("#f-learning_rate-err")).toHaveText(/must be greater than 0/);
  await lr.fill("abc");
  await expect(page.locator("#f-learning_rate-err")).toHaveText(/expected a number/);
  await lr.fill("1.0e-4");
  await expect(page.locator("#f-learning_rate-err")).toHaveCount(0);
  await lr.press("Enter");
  // A typo'd key added in YAML shows on its field in the form, with LF's guess.
  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(yamlBox).toHaveValue(/^lr_scheduler_type: linear$/m);
  await yamlBox.fill(`${await yamlBox.inputValue()}learnig_rate: 1.0e-4\n`);
  await expect(page.getByTestId("lint-list")).toContainText("did you mean `learning_rate`?");
  await expect(page.getByRole("button", { name: "Save new version" })).toBeDisabled();
  await page.getByRole("tab", { name: "Form" }).click();
  await expect(page.locator("#f-learnig_rate-err")).toContainText("did you mean `learning_rate`?");

  for (const [w, scheme] of [[1024, "light"], [1600, "light"], [1024, "dark"], [1600, "dark"]] as const) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.evaluate((s) => { localStorage.setItem("ff-theme", s); document.documentElement.classList.toggle("dark", s === "dark"); }, scheme);
    await screenshot(page, `preset-form-${w}-${scheme}`);
    // Viewport shots of the parts that matter (the full page is too tall to read): top with the lint panel,
    // the secret and select fields, and the unknown key with its guess.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `test-results/screens/preset-form-top-${w}-${scheme}.png` });
    await page.locator('[data-key="swanlab_api_key"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screens/preset-form-secret-${w}-${scheme}.png` });
  }
  await page.evaluate(() => { localStorage.setItem("ff-theme", "light"); document.documentElement.classList.remove("dark"); });

  // Saving keeps the sealed value; revealing (an operator/admin action) shows it.
  await page.getByRole("tab", { name: "YAML" }).click();
  await yamlBox.fill((await yamlBox.inputValue()).replace("learnig_rate: 1.0e-4\n", ""));
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(page.getByText("Saved as version 2")).toBeVisible();
  await expect(yamlBox).not.toHaveValue(new RegExp(KEY));
  await page.getByRole("button", { name: "Reveal secrets" }).click();
  await expect(yamlBox).toHaveValue(new RegExp(`^swanlab_api_key: ${KEY}$`, "m"));
  const audit = await withDb((c) => c.query(`SELECT data FROM audit_events WHERE action = 'preset.reveal_secrets' ORDER BY "createdAt" DESC LIMIT 1`));
  expect(JSON.stringify(audit.rows[0])).toContain("swanlab_api_key");
  expect(JSON.stringify(audit.rows[0])).not.toContain(KEY);
});
