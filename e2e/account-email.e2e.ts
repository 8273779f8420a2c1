import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "../scripts/migrate-deploy.mjs";
import { linkIn, startInbox, type Inbox } from "../tests/support/smtp";
import { alerts, browserForFile, expectAccessible, newPerson, type Person } from "./support/browser";
import { freshDatabase, startAppServer, type AppServer, type FreshDatabase } from "./support/server";

// The account lifecycle in the browser against a production server that sends real mail: an SMTP
// server in this process receives it, mailparser reads it, and the test follows its links.

const browser = browserForFile();
let inbox: Inbox;
let database: FreshDatabase;
let server: AppServer;
let people = 0;

beforeAll(async () => {
  inbox = await startInbox();
  database = await freshDatabase("mail");
  await migrateDeploy(database.url);
  server = await startAppServer({
    database,
    secret: randomBytes(32).toString("base64url"),
    logName: "mail-server.log",
    env: { SMTP_URL: inbox.url, MAIL_DISABLED: "false" },
  });
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  await inbox?.close();
});

async function device(): Promise<{ context: BrowserContext; page: Page }> {
  people += 1;
  const context = await browser().newContext({
    baseURL: server.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${(process.pid + people) % 250}` },
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  return { context, page: await context.newPage() };
}

async function signUp(page: Page, person: Person) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/tasks");
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const isReset = (mail: { subject?: string }) => mail.subject === "Reset your Evo-TODO password";

describe("password reset in the browser", () => {
  it("a person who forgot the password gets back in, and every other device is signed out", async () => {
    const person = newPerson("Grace Hopper");
    const laptop = await device();
    await signUp(laptop.page, person);

    const phone = await device();
    await phone.page.goto("/sign-in");
    await phone.page.getByRole("link", { name: "Forgot password?" }).click();
    await phone.page.waitForURL("**/forgot-password");
    await expectAccessible(phone.page, "/forgot-password");
    await phone.page.getByLabel("Email").fill(person.email);
    await phone.page.getByRole("button", { name: "Send reset link" }).click();
    const status = phone.page.getByRole("status").filter({ hasText: /\S/ });
    await expect.poll(() => status.textContent()).toMatch(/If an account uses that address/);
    const statusText = await status.textContent();

    const mail = await inbox.waitFor(person.email, isReset);
    const link = linkIn(mail);
    expect(new URL(link).origin).toBe(server.baseURL);
    await phone.page.goto(link);
    await expectAccessible(phone.page, "/reset-password");
    await phone.page.getByLabel("New password", { exact: true }).fill("a much better passphrase");
    await phone.page.getByRole("button", { name: "Set new password" }).click();
    await expect.poll(() => phone.page.getByRole("status").textContent()).toMatch(/new password is set/);

    await phone.page.getByRole("link", { name: "Sign in" }).click();
    await phone.page.waitForURL("**/sign-in");
    await signIn(phone.page, person.email, "a much better passphrase");
    await phone.page.waitForURL("**/tasks");

    // The laptop's session ended with the reset.
    await laptop.page.goto("/tasks");
    await laptop.page.waitForURL("**/sign-in");

    // The link worked once.
    await phone.page.goto(link);
    await phone.page.getByLabel("New password", { exact: true }).fill("a third passphrase here");
    await phone.page.getByRole("button", { name: "Set new password" }).click();
    await expect.poll(() => alerts(phone.page).textContent()).toMatch(/expired or was already used/);

    // An address without an account gets the very same words, and no mail.
    const stranger = await device();
    await stranger.page.goto("/forgot-password");
    const nobody = newPerson().email;
    await stranger.page.getByLabel("Email").fill(nobody);
    await stranger.page.getByRole("button", { name: "Send reset link" }).click();
    const strangerStatus = stranger.page.getByRole("status").filter({ hasText: /\S/ });
    await expect.poll(() => strangerStatus.textContent()).toBe(statusText);
    expect(inbox.for(nobody)).toEqual([]);

    for (const { context } of [laptop, phone, stranger]) await context.close();
  });
});
