// Screenshots of a page at the two widths we design for (1024, 1600 px), light and dark. Dark is
// set both as the media preference and as the .dark class the theme script would apply on load.
import type { Locator, Page } from "@playwright/test";

export async function screenshotAll(page: Page, name: string, o: { fullPage?: boolean; clip?: Locator } = {}): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1024, 1600]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate((d) => document.documentElement.classList.toggle("dark", d), scheme === "dark");
      await page.waitForTimeout(150); // charts redraw on the class change
      const path = `test-results/screens/${name}-${width}-${scheme}.png`;
      if (o.clip) await o.clip.screenshot({ path });
      else await page.screenshot({ path, fullPage: o.fullPage ?? true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  await page.setViewportSize(size);
}
