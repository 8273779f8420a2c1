import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addTask, browserForFile, expectAccessible, newContext, signedInPage, type Person } from "./support/browser";

// The account page, and what a browser whose session was ended elsewhere sees: at its next API
// call it lands on /sign-in with a message, not on a broken page.

const browser = browserForFile();

/** The same person on another device: a new context that signs in. */
async function onAnotherDevice(from: Browser, person: Person): Promise<Page> {
  const context = await newContext(from);
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/tasks");
  await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
  return page;
}

async function openAccount(page: Page) {
  await page.getByRole("link", { name: "Account" }).click();
  await page.waitForURL("**/account");
  await page.getByRole("heading", { name: "Account", level: 1 }).waitFor();
}

const sessionItems = (page: Page) => page.getByRole("list", { name: "Sessions" }).getByRole("listitem");

/** The ended session notices at its next API call. */
async function expectSentToSignIn(page: Page) {
  await page.getByLabel("New task").fill("Written after the session ended");
  await page.getByRole("button", { name: "Add task" }).click();
  await page.waitForURL("**/sign-in?ended=1");
  await page.getByRole("status").filter({ hasText: "Your session has ended. Sign in again." }).waitFor();
}

describe("the account page", () => {
  it("lists the sessions, ends another one, and that browser is sent to sign in", async () => {
    const { page, person } = await signedInPage(browser(), { name: "Session Keeper" });
    const other = await onAnotherDevice(browser(), person);
    await openAccount(page);
    await expectAccessible(page, "account");

    await expect.poll(() => sessionItems(page).count()).toBe(2);
    const mine = sessionItems(page).filter({ hasText: "This device" });
    expect(await mine.count()).toBe(1);
    expect(await mine.getByRole("button", { name: "End session" }).count()).toBe(0);
    expect(await mine.textContent()).toMatch(/Chrome|Chromium/);
    expect(await mine.textContent()).toContain("Linux");
    expect(await mine.textContent()).toContain("Last active");

    await sessionItems(page).filter({ hasNotText: "This device" }).getByRole("button", { name: "End session" }).click();
    await expect.poll(() => sessionItems(page).count()).toBe(1);
    await expectSentToSignIn(other);

    // This device is unaffected.
    await page.getByRole("link", { name: "Evo-TODO" }).click();
    await page.waitForURL("**/tasks");
    await addTask(page, "Still signed in");
  });

  it("saves the name", async () => {
    const { page } = await signedInPage(browser(), { name: "Old Name" });
    await openAccount(page);
    await page.getByLabel("Name", { exact: true }).fill("New Name");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByRole("status").filter({ hasText: "Name saved." }).waitFor();
    await page.reload();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("New Name");
  });

  it("changes the password, which signs out every other session", async () => {
    const { page, person } = await signedInPage(browser(), { name: "Password Changer" });
    const other = await onAnotherDevice(browser(), person);
    await openAccount(page);
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("That is not your current password.").waitFor();

    await page.getByLabel("Current password").fill(person.password);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("status").filter({ hasText: "Password changed." }).waitFor();
    await expect.poll(() => sessionItems(page).count()).toBe(1);
    await expectSentToSignIn(other);

    await page.getByRole("link", { name: "Evo-TODO" }).click();
    await page.waitForURL("**/tasks");
    await addTask(page, "After the password change");
  });

  it("signs out every other session at once", async () => {
    const { page, person } = await signedInPage(browser(), { name: "Everywhere" });
    const second = await onAnotherDevice(browser(), person);
    const third = await onAnotherDevice(browser(), person);
    await openAccount(page);
    await expect.poll(() => sessionItems(page).count()).toBe(3);
    await page.getByRole("button", { name: "Sign out other sessions" }).click();
    await expect.poll(() => sessionItems(page).count()).toBe(1);
    await expectSentToSignIn(second);
    await expectSentToSignIn(third);
  });
});
