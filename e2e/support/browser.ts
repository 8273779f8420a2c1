import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";

// What every browser test needs: Debian's Chromium, one fresh context per simulated person, and
// the steps a person takes (sign up, add a task), written against the accessible names the UI promises.

export const baseURL = inject("baseURL");
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../../test-results/screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export type Person = { name: string; email: string; password: string };

let people = 0;
const openPages = new Set<Page>();

/**
 * Call once per file: one Chromium for the file's tests, closed after them, and a screenshot of
 * every open page when a test fails. Returns the browser (valid inside tests and hooks).
 */
export function browserForFile(): () => Browser {
  screenshotOnFailure();
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("browserForFile(): the browser is only available inside tests and hooks");
    return browser;
  };
}

/** A failing test leaves a full-page screenshot of every open page behind. */
export function screenshotOnFailure(): void {
  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      let index = 0;
      for (const page of openPages) {
        if (page.isClosed()) continue;
        const name = `FAILED-${context.task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}-${index++}`;
        await screenshot(page, name).catch(() => {});
      }
    }
    for (const page of openPages) if (page.isClosed()) openPages.delete(page);
  });
}

export function newPerson(name = "Ada Lovelace"): Person {
  return { name, email: `e2e-${randomUUID()}@example.com`, password: "correct horse battery staple" };
}

type ContextOptions = { colorScheme?: "light" | "dark"; width?: number; height?: number };

/**
 * A browser context is one person on one device. Each gets its own client address: Better Auth
 * allows three sign-ins or sign-ups per 10 s per address, which a real crowd never shares.
 */
export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  people += 1;
  const context = await browser.newContext({
    baseURL,
    colorScheme: options.colorScheme ?? "light",
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${(process.pid + people) % 250}` },
  });
  context.on("page", (page) => openPages.add(page));
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  return context;
}

export async function signUp(page: Page, person: Person): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/tasks");
  await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
}

/** A new person, signed up and looking at an empty /tasks. */
export async function signedInPage(browser: Browser, options: ContextOptions & { name?: string } = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  const person = newPerson(options.name);
  await signUp(page, person);
  return { context, page, person };
}

/**
 * The app's error messages: role="alert" with text. Next.js mounts a route announcer that is an
 * alert too (it reads the new page title after a client-side navigation); it is not an error.
 */
export function alerts(page: Page): Locator {
  return page
    .getByRole("alert")
    .filter({ hasText: /\S/ })
    .and(page.locator(":not(#__next-route-announcer__)"));
}

export function taskList(page: Page): Locator {
  return page.getByRole("list", { name: "Tasks", exact: true });
}

export function taskCheckbox(page: Page, title: string): Locator {
  return page.getByRole("checkbox", { name: title, exact: true });
}

export async function addTask(page: Page, title: string): Promise<void> {
  const input = page.getByLabel("New task");
  await input.fill(title);
  await input.press("Enter");
  await taskCheckbox(page, title).waitFor();
  // Wait until the server has answered (the row stops being a placeholder).
  await expect.poll(() => taskCheckbox(page, title).isEnabled()).toBe(true);
}

/** The visible task titles, in order. */
export async function visibleTitles(page: Page): Promise<string[]> {
  return taskList(page).locator(".task-title").allTextContents();
}

type SeedTask = {
  title: string;
  description?: string;
  priority?: "low" | "medium" | "high";
  dueAt?: string;
  tags?: string[];
  completed?: boolean;
};

/** Creates tasks through the API with the page's session, as another device of the same person would. */
export async function seedTasks(page: Page, tasks: SeedTask[]): Promise<{ id: string; title: string }[]> {
  const tokenResponse = await page.request.get("/api/auth/token");
  expect(tokenResponse.status()).toBe(200);
  const { token } = (await tokenResponse.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const created: { id: string; title: string }[] = [];
  for (const { completed, ...body } of tasks) {
    const response = await page.request.post("/api/tasks", { headers, data: body });
    expect(response.status(), await response.text()).toBe(201);
    const task = (await response.json()) as { id: string; title: string };
    if (completed) {
      const done = await page.request.patch(`/api/tasks/${task.id}/complete`, {
        headers,
        data: { completed: true },
      });
      expect(done.status()).toBe(200);
    }
    created.push(task);
  }
  return created;
}

/** Runs axe-core on the page as it is now and fails on any serious or critical violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const blocking = results.violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
  const report = blocking.map(
    (violation) =>
      `${violation.impact} ${violation.id}: ${violation.help}\n` +
      violation.nodes
        .map((node) => `    ${node.target.join(" ")} — ${node.failureSummary?.replace(/\n/g, " ")}`)
        .join("\n"),
  );
  expect(report, `axe on ${label}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  return file;
}

/** The ISO string for a moment `days` from now (negative: in the past). */
export function daysFromNow(days: number, hours = 0): string {
  return new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
}
