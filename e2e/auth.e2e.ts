import { describe, expect, it } from "vitest";
import { alerts, expectAccessible, browserForFile, newContext, newPerson, signUp } from "./support/browser";

const browser = browserForFile();

describe("signing up, in and out", () => {
  it("sends a visitor from / and /tasks to the sign-in page", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.goto("/tasks");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });

  it("has accessible sign-in and sign-up pages that link to each other", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expectAccessible(page, "sign-in");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL("**/sign-up");
    await page.getByRole("button", { name: "Create account" }).waitFor();
    await expectAccessible(page, "sign-up");
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL("**/sign-in");
    await context.close();
  });

  it("explains what is missing before sending anything", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto("/sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Enter your name.").waitFor();
    expect(await page.getByLabel("Name").evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByLabel("Name").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Name").fill("Short Password");
    await page.getByLabel("Email").fill("short@example.com");
    await page.getByLabel("Password", { exact: true }).fill("1234");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Use at least 8 characters.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-up");
    await context.close();
  });

  it("signs up, signs out, refuses a wrong password and signs back in", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    const person = newPerson("Grace Hopper");
    await signUp(page, person);
    await page.getByText("Grace Hopper").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    // The session is gone, not just the page: /tasks bounces back to sign-in.
    await page.goto("/tasks");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect((await page.request.get("/api/auth/token")).status()).toBe(401);

    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await alerts(page).first().waitFor();
    expect(await alerts(page).first().textContent()).toContain("don't match");
    expect(new URL(page.url()).pathname).toBe("/sign-in");

    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).press("Enter");
    await page.waitForURL("**/tasks");
    await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
    await context.close();
  });

  it("says so when the email is already taken", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    const person = newPerson();
    await signUp(page, person);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Someone Else");
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password", { exact: true }).fill("another password");
    await page.getByRole("button", { name: "Create account" }).click();
    await alerts(page).first().waitFor();
    expect(await alerts(page).first().textContent()).toContain("already exists");
    await context.close();
  });

  it("goes to sign-in when the token endpoint says the session is gone", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await signUp(page, newPerson());
    await page.route("**/api/auth/token", (route) =>
      route.fulfill({
        status: 401,
        contentType: "application/json",
        body: JSON.stringify({ message: "Unauthorized" }),
      }),
    );
    // The token lives in memory only: a reload must fetch a new one, and is told no.
    await page.reload();
    await page.waitForURL("**/sign-in?ended=1");
    await page.getByRole("status").filter({ hasText: "Your session has ended. Sign in again." }).waitFor();
    await context.close();
  });
});
