import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  addTask,
  alerts,
  browserForFile,
  signedInPage,
  taskCheckbox,
  visibleTitles,
} from "./support/browser";

// Every write shows its result at once; when the server refuses, the screen goes back to what the
// server has and a role="alert" says why. Failures are injected by intercepting the request.

const browser = browserForFile();

function problem(status: number, code: string, detail: string, errors?: { path: string; message: string }[]) {
  return (route: Route) =>
    route.fulfill({
      status,
      contentType: "application/problem+json",
      body: JSON.stringify({
        type: `about:blank#${code}`,
        title: code,
        status,
        detail,
        code,
        ...(errors ? { errors } : {}),
      }),
    });
}

/** Holds the request until `release()`, so the test can see the optimistic state first. */
function held(respond: (route: Route) => Promise<void>) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    handler: async (route: Route) => {
      await gate;
      await respond(route);
    },
    release: () => release(),
  };
}

async function pageWithTask(title: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await signedInPage(browser());
  await addTask(page, title);
  return { page, close: () => context.close() };
}

describe("optimistic updates roll back when the server refuses", () => {
  it("completing a task (PATCH answered 500)", async () => {
    const { page, close } = await pageWithTask("Feed the cat");
    const failure = held(problem(500, "internal_error", "Something went wrong on our side."));
    await page.route("**/api/tasks/*/complete", failure.handler);

    await taskCheckbox(page, "Feed the cat").click();
    // Optimistic: checked before the server has answered.
    expect(await taskCheckbox(page, "Feed the cat").isChecked()).toBe(true);
    failure.release();

    await alerts(page).first().waitFor();
    expect(await alerts(page).first().textContent()).toContain("Couldn't mark “Feed the cat” as done.");
    await expect.poll(() => taskCheckbox(page, "Feed the cat").isChecked()).toBe(false);

    await page.unroute("**/api/tasks/*/complete");
    await page.reload();
    await taskCheckbox(page, "Feed the cat").waitFor();
    expect(await taskCheckbox(page, "Feed the cat").isChecked()).toBe(false);
    await close();
  });

  it("editing a task (PUT answered 422), with a way back to the draft", async () => {
    const { page, close } = await pageWithTask("Book dentist");
    const failure = held(
      problem(422, "validation_failed", "The request body is invalid.", [
        { path: "title", message: "must be at most 255 characters" },
      ]),
    );
    await page.route("**/api/tasks/*", (route) =>
      route.request().method() === "PUT" ? failure.handler(route) : route.fallback(),
    );

    await page.getByRole("button", { name: "Edit Book dentist" }).click();
    await page.getByRole("dialog").getByLabel("Title").fill("Book dentist for Tuesday");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await taskCheckbox(page, "Book dentist for Tuesday").waitFor();
    failure.release();

    await alerts(page).first().waitFor();
    const message = await alerts(page).first().textContent();
    expect(message).toContain("Couldn't save changes to “Book dentist”.");
    expect(message).toContain("Title must be at most 255 characters");
    await taskCheckbox(page, "Book dentist").waitFor();
    expect(await taskCheckbox(page, "Book dentist for Tuesday").count()).toBe(0);

    // The person's edit is not lost: "Edit again" reopens it.
    await alerts(page).first().getByRole("button", { name: "Edit again" }).click();
    expect(await page.getByRole("dialog").getByLabel("Title").inputValue()).toBe("Book dentist for Tuesday");
    await page.keyboard.press("Escape");
    await close();
  });

  it("deleting a task (DELETE answered 503)", async () => {
    const { page, close } = await pageWithTask("Return library books");
    await page.route("**/api/tasks/*", (route) =>
      route.request().method() === "DELETE"
        ? problem(503, "service_unavailable", "The database is unavailable.")(route)
        : route.fallback(),
    );
    await page.getByRole("button", { name: "Delete Return library books" }).click();
    await alerts(page).first().waitFor();
    expect(await alerts(page).first().textContent()).toContain("Couldn't delete “Return library books”.");
    await taskCheckbox(page, "Return library books").waitFor();
    await close();
  });

  it("adding a task (POST fails), giving the typed title back", async () => {
    const { context, page } = await signedInPage(browser());
    await page.route("**/api/tasks", (route) =>
      route.request().method() === "POST" ? route.abort("connectionreset") : route.fallback(),
    );
    await page.getByLabel("New task").fill("Water the plants");
    await page.getByLabel("New task").press("Enter");
    await alerts(page).first().waitFor();
    expect(await alerts(page).first().textContent()).toContain("Can't reach the server");
    await expect.poll(() => visibleTitles(page)).toEqual([]);
    expect(await page.getByLabel("New task").inputValue()).toBe("Water the plants");
    await context.close();
  });
});
