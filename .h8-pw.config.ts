import { defineConfig } from "@playwright/test";
export default defineConfig({
  testDir: "/work/main/e2e", testMatch: /backtest\.spec\.ts/, workers: 1, timeout: 180_000, expect: { timeout: 30_000 },
  outputDir: "/tmp/h8-pw-out",
  use: { baseURL: "http://127.0.0.1:3158", browserName: "chromium", headless: true, viewport: { width: 1440, height: 1000 },
    launchOptions: { executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] } },
});
