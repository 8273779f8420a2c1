import { randomBytes } from "node:crypto";
import type { BrowserContext, Locator, Page } from "playwright-core";
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

/** The error a field announces: the text of what its aria-describedby names, when it is invalid. */
async function fieldError(input: Locator): Promise<string | null> {
  if ((await input.getAttribute("aria-invalid")) !== "true") return null;
  const id = await input.getAttribute("aria-describedby");
  return id ? input.page().locator(`[id="${id}"]`).textContent() : null;
}

const isConfirm = (mail: { subject?: string }) => mail.subject === "Confirm your email for Evo-TODO";

describe("email verification in the browser", () => {
  it("an unverified account sees the banner, resends the link, and opening it verifies the address", async () => {
    const person = newPerson("Katherine Johnson");
    const { context, page } = await device();
    await signUp(page, person);

    const banner = page.getByRole("region", { name: "Email verification" });
    await expect.poll(() => banner.textContent()).toContain(person.email);
    await inbox.waitFor(person.email, isConfirm);
    await expectAccessible(page, "/tasks with the verification banner");

    await banner.getByRole("button", { name: "Resend" }).click();
    await expect.poll(() => banner.getByRole("status").textContent()).toBe("Sent. Check your inbox.");
    await expect.poll(() => inbox.for(person.email).filter(isConfirm).length, { timeout: 20_000 }).toBe(2);

    // Either link works; the newest is what a person would click.
    const newest = inbox.for(person.email).filter(isConfirm).at(-1)!;
    await page.goto(linkIn(newest));
    await page.waitForURL("**/tasks");
    await page.getByRole("heading", { name: "Tasks" }).waitFor();
    expect(await page.getByRole("region", { name: "Email verification" }).count()).toBe(0);
    await page.reload();
    await page.getByRole("heading", { name: "Tasks" }).waitFor();
    expect(await page.getByRole("region", { name: "Email verification" }).count()).toBe(0);
    await context.close();
  });
});

describe("change of email in the browser", () => {
  it("confirms at the new address, tells the old one, and the new address signs in", async () => {
    const person = newPerson("Mary Jackson");
    const { context, page } = await device();
    await signUp(page, person);
    await page.goto("/account");

    const form = page.getByRole("form", { name: "Email", exact: true });
    const field = form.getByLabel("New email");
    await form.getByRole("button", { name: "Change email" }).click();
    await expect.poll(() => fieldError(field)).toBe("Enter the new email address.");
    await field.fill(person.email.toUpperCase());
    await form.getByRole("button", { name: "Change email" }).click();
    await expect.poll(() => fieldError(field)).toBe("That is already your email address.");

    const newEmail = `moved-${person.email}`;
    await form.getByLabel("New email").fill(newEmail);
    await form.getByRole("button", { name: "Change email" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/We sent a link to/);

    const notice = await inbox.waitFor(
      person.email,
      (m) => m.subject === "Your Evo-TODO email is about to change",
    );
    expect(notice.text).toContain(newEmail);
    const confirm = await inbox.waitFor(newEmail, (m) => m.subject === "Confirm your new email for Evo-TODO");

    // Nothing changes before the new address confirms.
    await page.reload();
    await expect.poll(() => form.textContent()).toContain(`Signed in as ${person.email}`);

    await page.goto(linkIn(confirm));
    await page.goto("/account");
    await expect
      .poll(() => page.getByRole("form", { name: "Email", exact: true }).textContent())
      .toContain(`Signed in as ${newEmail}`);

    const other = await device();
    await signIn(other.page, person.email, person.password);
    await expect.poll(() => alerts(other.page).textContent()).toMatch(/\S/);
    expect(other.page.url()).toMatch(/\/sign-in/);
    await signIn(other.page, newEmail, person.password);
    await other.page.waitForURL("**/tasks");
    for (const c of [context, other.context]) await c.close();
  });
});

describe("account deletion in the browser", () => {
  it("needs the password, then removes the account everywhere and confirms by mail", async () => {
    const person = newPerson("Dorothy Vaughan");
    const laptop = await device();
    await signUp(laptop.page, person);
    await laptop.page.getByLabel("New task").fill("Orbit figures");
    await laptop.page.getByRole("button", { name: "Add task" }).click();
    await laptop.page.getByRole("checkbox", { name: "Orbit figures" }).waitFor();

    const phone = await device();
    await signIn(phone.page, person.email, person.password);
    await phone.page.waitForURL("**/tasks");

    await laptop.page.goto("/account");
    await laptop.page.getByRole("button", { name: "Delete account" }).click();
    const dialog = laptop.page.getByRole("dialog", { name: "Delete your account for good?" });
    await dialog.waitFor();
    await expectAccessible(laptop.page, "/account with the delete dialog");

    // Cancel keeps everything.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await laptop.page.getByRole("button", { name: "Delete account" }).click();

    const password = dialog.getByLabel("Password", { exact: true });
    await dialog.getByRole("button", { name: "Delete forever" }).click();
    await expect.poll(() => fieldError(password)).toBe("Enter your password.");
    await password.fill("not the password at all");
    await dialog.getByRole("button", { name: "Delete forever" }).click();
    await expect.poll(() => fieldError(password)).toBe("That password is not right.");
    expect(inbox.for(person.email).some((m) => m.subject === "Your Evo-TODO account was deleted")).toBe(
      false,
    );

    await password.fill(person.password);
    await dialog.getByRole("button", { name: "Delete forever" }).click();
    await laptop.page.waitForURL("**/sign-in");

    // The other device is signed out, and the account no longer signs in.
    await phone.page.goto("/tasks");
    await phone.page.waitForURL("**/sign-in");
    await signIn(phone.page, person.email, person.password);
    await expect.poll(() => alerts(phone.page).textContent()).toMatch(/\S/);
    expect(phone.page.url()).toMatch(/\/sign-in/);

    const mail = await inbox.waitFor(person.email, (m) => m.subject === "Your Evo-TODO account was deleted");
    expect(mail.text).toMatch(/deleted/);
    for (const { context } of [laptop, phone]) await context.close();
  });
});
