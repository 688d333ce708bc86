// Sign-in helpers for specs. `signInAs` creates a session row directly (like an API sign-in: fast,
// no UI), `signInThroughForm` drives the real form (for the sign-in spec itself).
import "dotenv/config";
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { expect, type BrowserContext, type Page } from "@playwright/test";

export const ADMIN_EMAIL = "admin@factory.local";
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "factory-floor-admin";
export const BASE_URL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const SESSION_COOKIE = "ff_session"; // lib/auth/cookie-options.ts

export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function signInAs(context: BrowserContext, email: string = ADMIN_EMAIL): Promise<void> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = createHash("sha256").update(token).digest("hex");
  const inserted = await withDb((c) =>
    c.query(
      `INSERT INTO sessions (id, "tokenHash", "userId", "expiresAt")
       SELECT $1, $2, id, now() + interval '1 day' FROM users WHERE email = $3`,
      [`e2e${randomBytes(8).toString("hex")}`, tokenHash, email],
    ),
  );
  if (inserted.rowCount !== 1) throw new Error(`no user ${email} to sign in as (did the global setup seed it?)`);
  const url = new URL(BASE_URL);
  await context.addCookies([{ name: SESSION_COOKIE, value: token, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
}

export async function signInThroughForm(page: Page, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}
