import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  baseURL,
  daysFromNow,
  expectAccessible,
  browserForFile,
  newContext,
  newPerson,
  screenshot,
  seedTasks,
  signUp,
  taskCheckbox,
} from "./support/browser";

// The design at a phone's width and a desktop's, in light and dark: screenshots for a person to
// look at (test-results/screenshots/), plus the checks a screenshot can't make by itself — no
// sideways scrolling, no layout shift when data arrives, and axe in each scheme.

const browser = browserForFile();

const SAMPLE = [
  {
    title: "Ship the quarterly report",
    description: "Numbers from finance, charts from Maya.",
    priority: "high" as const,
    dueAt: daysFromNow(-1),
    tags: ["work"],
  },
  {
    title: "Book flights to Lisbon",
    priority: "medium" as const,
    dueAt: daysFromNow(0, 6),
    tags: ["travel", "family"],
  },
  {
    title: "Renew the car insurance before it lapses at the end of the month",
    priority: "low" as const,
    dueAt: daysFromNow(12),
    tags: ["admin"],
  },
  { title: "Call grandma", tags: ["family"] },
  { title: "Water the plants", completed: true },
];

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const scheme of ["light", "dark"] as const) {
  describe(`${scheme} scheme`, () => {
    for (const width of [360, 1280]) {
      it(`looks right at ${width} px`, async () => {
        const context = await newContext(browser(), {
          colorScheme: scheme,
          width,
          height: width < 600 ? 780 : 860,
        });
        const page = await context.newPage();
        const suffix = `${width}-${scheme}`;
        // Fonts, icons and scripts are all served by the app itself: nothing is fetched from elsewhere.
        const foreign: string[] = [];
        page.on("request", (request) => {
          const url = new URL(request.url());
          if (!["data:", "blob:"].includes(url.protocol) && url.origin !== baseURL)
            foreign.push(request.url());
        });

        await page.goto("/sign-in");
        await page.getByRole("button", { name: "Sign in" }).waitFor();
        await expectNoSidewaysScroll(page);
        await screenshot(page, `sign-in-${suffix}`);

        await signUp(page, newPerson("Maya Okafor"));
        await page.getByText("Your list is clear.").waitFor();
        await screenshot(page, `tasks-empty-${suffix}`);

        await seedTasks(page, SAMPLE);
        // Sum every layout shift while the page loads and its data arrives.
        await page.addInitScript(() => {
          const record = window as unknown as { layoutShift: number };
          record.layoutShift = 0;
          new PerformanceObserver((entries) => {
            for (const entry of entries.getEntries() as (PerformanceEntry & {
              value: number;
              hadRecentInput: boolean;
            })[]) {
              if (!entry.hadRecentInput) record.layoutShift += entry.value;
            }
          }).observe({ type: "layout-shift", buffered: true });
        });
        await page.reload();
        await taskCheckbox(page, "Call grandma").waitFor();
        await page.waitForTimeout(500);
        const shift = await page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift);
        expect(shift, "cumulative layout shift while tasks load").toBeLessThan(0.02);
        await expectNoSidewaysScroll(page);
        await screenshot(page, `tasks-${suffix}`);
        if (width === 1280) await expectAccessible(page, `tasks (${scheme})`);

        await page.getByRole("button", { name: "Details" }).click();
        await screenshot(page, `composer-details-${suffix}`);
        await page.getByRole("button", { name: "Details" }).click();

        await page.getByRole("button", { name: "Edit Book flights to Lisbon" }).click();
        await page.getByRole("dialog").waitFor();
        await expectNoSidewaysScroll(page);
        await page.screenshot({ path: await screenshot(page, `dialog-${suffix}`), animations: "disabled" });
        if (width === 1280) await expectAccessible(page, `edit dialog (${scheme})`);
        await page.keyboard.press("Escape");
        expect(foreign).toEqual([]);
        await context.close();
      });
    }
  });
}
