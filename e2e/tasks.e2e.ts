import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  addTask,
  alerts,
  daysFromNow,
  expectAccessible,
  browserForFile,
  seedTasks,
  signedInPage,
  taskCheckbox,
  taskList,
  visibleTitles,
} from "./support/browser";

const browser = browserForFile();

const summary = (page: Page) => page.locator(".summary-text");
const dialog = (page: Page) => page.getByRole("dialog");

async function expectSummary(page: Page, pending: number, completed: number) {
  await expect
    .poll(async () => (await summary(page).textContent())?.replace(/\s+/g, " ").trim())
    .toBe(`${pending} pending · ${completed} completed`);
}

describe("the task workspace", () => {
  it("starts empty, explains what to do, and is accessible", async () => {
    const { context, page } = await signedInPage(browser());
    await page.getByText("Your list is clear.").waitFor();
    await expectSummary(page, 0, 0);
    expect(await taskList(page).count()).toBe(0);
    await expectAccessible(page, "tasks (empty)");
    await context.close();
  });

  it("comes with its first page: on load the browser fetches the token once and no tasks", async () => {
    const { context, page, person } = await signedInPage(browser());
    await seedTasks(page, [{ title: "Water the plants" }, { title: "Pay rent", completed: true }]);
    const requests: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      requests.push(url.pathname + url.search);
    });
    // A fresh load: the server renders the list, the counts and the name; the page's inline script
    // starts the token request, which the app must use, not repeat.
    await page.reload();
    await taskCheckbox(page, "Water the plants").waitFor();
    await expectSummary(page, 1, 1);
    await expect.poll(() => page.locator(".account-name").textContent()).toBe(person.name);
    await page.waitForLoadState("networkidle");
    expect(requests.filter((path) => path === "/api/auth/token")).toHaveLength(1);
    expect(requests.filter((path) => path.startsWith("/api/tasks"))).toEqual([]);
    const html = await (await page.request.get("/tasks")).text();
    expect(html).toContain("Water the plants");
    expect(html).toContain(person.name);
    await context.close();
  });

  it("adds, edits (Enter saves, Escape cancels), completes and deletes a task", async () => {
    const { context, page } = await signedInPage(browser());

    // Add: a bare title with Enter, then one with details through the button.
    await addTask(page, "Buy milk");
    expect(await page.getByLabel("New task").inputValue()).toBe("");
    await page.getByLabel("New task").fill("Call the plumber");
    await page.getByRole("button", { name: "Details" }).click();
    const composer = page.locator("form.composer");
    await composer.getByLabel("Description").fill("About the kitchen tap");
    await composer.getByLabel("Priority", { exact: true }).selectOption("high");
    await composer.getByLabel("Due date").fill(new Date(Date.now() + 86_400_000).toLocaleDateString("en-CA"));
    await composer.getByLabel("Tags").fill("Home, phone, home");
    await page.getByRole("button", { name: "Add task" }).click();
    await taskCheckbox(page, "Call the plumber").waitFor();
    const plumber = taskList(page)
      .getByRole("listitem")
      .filter({ has: taskCheckbox(page, "Call the plumber") });
    await plumber.getByText("About the kitchen tap").waitFor();
    await plumber.getByText("High").waitFor();
    await plumber.getByText("Due tomorrow").waitFor();
    expect(await plumber.locator(".tag").allTextContents()).toEqual(["#home", "#phone"]);
    await expectSummary(page, 2, 0);

    // Edit, saving with Enter.
    await page.getByRole("button", { name: "Edit Buy milk" }).click();
    await dialog(page).waitFor();
    await expectAccessible(page, "tasks (edit dialog open)");
    const title = dialog(page).getByLabel("Title");
    expect(await title.inputValue()).toBe("Buy milk");
    await title.fill("Buy oat milk");
    await title.press("Enter");
    await dialog(page).waitFor({ state: "detached" });
    await taskCheckbox(page, "Buy oat milk").waitFor();
    expect(await taskCheckbox(page, "Buy milk").count()).toBe(0);
    // Focus goes back to the Edit button of the same task.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
      .toBe("Edit Buy oat milk");

    // Edit, cancelling with Escape: nothing changes.
    await page.getByRole("button", { name: "Edit Buy oat milk" }).click();
    await dialog(page).getByLabel("Title").fill("Something else entirely");
    await dialog(page).getByLabel("Title").press("Escape");
    await dialog(page).waitFor({ state: "detached" });
    expect(await taskCheckbox(page, "Something else entirely").count()).toBe(0);
    await taskCheckbox(page, "Buy oat milk").waitFor();

    // Complete; it is saved on the server, not just on screen.
    await taskCheckbox(page, "Buy oat milk").check();
    await expectSummary(page, 1, 1);
    await page.reload();
    await taskCheckbox(page, "Buy oat milk").waitFor();
    expect(await taskCheckbox(page, "Buy oat milk").isChecked()).toBe(true);
    await expectSummary(page, 1, 1);
    await taskCheckbox(page, "Buy oat milk").uncheck();
    await expectSummary(page, 2, 0);

    // Delete, undo, delete again.
    await page.getByRole("button", { name: "Delete Call the plumber" }).click();
    await taskCheckbox(page, "Call the plumber").waitFor({ state: "detached" });
    await expectSummary(page, 1, 0);
    await page.getByRole("button", { name: "Undo" }).click();
    await taskCheckbox(page, "Call the plumber").waitFor();
    await expectSummary(page, 2, 0);
    const restored = taskList(page)
      .getByRole("listitem")
      .filter({ has: taskCheckbox(page, "Call the plumber") });
    await restored.getByText("About the kitchen tap").waitFor();

    await page.getByRole("button", { name: "Delete Call the plumber" }).click();
    await taskCheckbox(page, "Call the plumber").waitFor({ state: "detached" });
    await page.reload();
    await taskCheckbox(page, "Buy oat milk").waitFor();
    expect(await taskCheckbox(page, "Call the plumber").count()).toBe(0);
    await expectAccessible(page, "tasks (with tasks)");
    expect(await alerts(page).count()).toBe(0);
    await context.close();
  });

  it("checks the title before sending it", async () => {
    const { context, page } = await signedInPage(browser());
    await page.getByRole("button", { name: "Add task" }).click();
    await page.getByText("Title must not be empty.").waitFor();
    expect(await page.getByLabel("New task").getAttribute("aria-invalid")).toBe("true");
    await addTask(page, "Something real");
    await page.getByRole("button", { name: "Edit Something real" }).click();
    await dialog(page).getByLabel("Title").fill("   ");
    await dialog(page).getByRole("button", { name: "Save" }).click();
    await dialog(page).getByText("Title must not be empty.").waitFor();
    await dialog(page).getByRole("button", { name: "Cancel" }).click();
    await dialog(page).waitFor({ state: "detached" });
    await context.close();
  });

  it("renders a hostile title as text and runs none of it", async () => {
    const { context, page } = await signedInPage(browser());
    const dialogs: string[] = [];
    page.on("dialog", (popup) => {
      dialogs.push(popup.message());
      void popup.dismiss();
    });
    const hostile = "<img src=x onerror=alert(1)>";
    // The server renders the list into the HTML and its data into an inline script: neither may end early.
    const breakout = "</script><script>alert(2)</script><!--";
    await addTask(page, hostile);
    await page.getByText(hostile, { exact: true }).waitFor();
    await addTask(page, breakout);
    await page.reload();
    await taskCheckbox(page, hostile).waitFor();
    await taskCheckbox(page, breakout).waitFor();
    expect(await taskList(page).locator("img").count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("marks overdue and due-soon tasks in words, not only colour", async () => {
    const { context, page } = await signedInPage(browser());
    await seedTasks(page, [
      { title: "Renew passport", dueAt: daysFromNow(-2) },
      { title: "Pay rent", dueAt: daysFromNow(0, 5) },
      { title: "Plan holiday", dueAt: daysFromNow(20) },
      { title: "Old but done", dueAt: daysFromNow(-3), completed: true },
    ]);
    await page.reload();
    const row = (title: string) =>
      taskList(page)
        .getByRole("listitem")
        .filter({ has: taskCheckbox(page, title) });
    await row("Renew passport")
      .getByText(/^Overdue/)
      .waitFor();
    expect(await row("Renew passport").getAttribute("data-due")).toBe("overdue");
    expect(await row("Pay rent").getAttribute("data-due")).toBe("soon");
    expect(await row("Plan holiday").getAttribute("data-due")).toBe("later");
    expect(await row("Old but done").getAttribute("data-due")).toBe("done");
    await context.close();
  });

  it("searches, filters by status, priority and tag, sorts, and loads more", async () => {
    const { context, page } = await signedInPage(browser());
    const seeded = Array.from({ length: 24 }, (_, index) => ({
      title: `Chore ${String(index + 1).padStart(2, "0")}`,
      priority: (["low", "medium", "high"] as const)[index % 3],
      tags: index % 4 === 0 ? ["garden"] : [],
      dueAt: daysFromNow(24 - index),
      completed: index % 5 === 0,
    }));
    await seedTasks(page, [
      ...seeded,
      { title: "Water the ferns", description: "Only the ones on the balcony", tags: ["garden"] },
    ]);
    await page.reload();
    await taskCheckbox(page, "Water the ferns").waitFor();
    await expectSummary(page, 20, 5);

    // Newest first, 20 per page, then the rest over the cursor.
    expect((await visibleTitles(page))[0]).toBe("Water the ferns");
    expect(await visibleTitles(page)).toHaveLength(20);
    await page.getByText("Showing 20 of 25").waitFor();
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByText("Showing 25 of 25").waitFor();
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    expect(new Set(await visibleTitles(page)).size).toBe(25);

    // Search matches the description too.
    await page.getByRole("searchbox", { name: "Search tasks" }).fill("balcony");
    await expect.poll(() => visibleTitles(page)).toEqual(["Water the ferns"]);
    await page.getByRole("searchbox", { name: "Search tasks" }).fill("nothing like this");
    await page.getByText("Nothing matches these filters.").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    // Back to everything (with as many pages as were loaded before).
    await page.getByText(/^Showing \d+ of 25$/).waitFor();
    expect(await page.getByRole("searchbox", { name: "Search tasks" }).inputValue()).toBe("");

    // Status.
    await page.getByLabel("Status").selectOption("Completed");
    await expect
      .poll(() => visibleTitles(page))
      .toEqual(["Chore 21", "Chore 16", "Chore 11", "Chore 06", "Chore 01"]);
    await page.getByLabel("Status").selectOption("Pending");
    await page.getByText("Showing 20 of 20").waitFor();
    await page.getByLabel("Status").selectOption("All");

    // Priority, then a tag on top of it.
    await page.getByLabel("Priority", { exact: true }).selectOption("High");
    await page.getByText("Showing 8 of 8").waitFor();
    await page.getByLabel("Priority", { exact: true }).selectOption("Any");
    await page.getByText(/^Showing \d+ of 25$/).waitFor();
    await page.getByRole("button", { name: "Show tasks tagged garden" }).first().click();
    await page.getByText("Showing 7 of 7").waitFor();
    await page.getByRole("button", { name: "Remove tag filter garden" }).click();
    await page.getByText(/^Showing \d+ of 25$/).waitFor();

    // Sort.
    await page.getByLabel("Sort by").selectOption("Title");
    await expect
      .poll(async () => (await visibleTitles(page)).slice(0, 3))
      .toEqual(["Chore 01", "Chore 02", "Chore 03"]);
    await page.getByLabel("Sort by").selectOption("Due date");
    // Soonest due first; the task without a due date sorts last.
    await expect.poll(async () => (await visibleTitles(page)).slice(0, 2)).toEqual(["Chore 24", "Chore 23"]);
    const loadMore = page.getByRole("button", { name: "Load more" });
    if (await loadMore.isVisible()) await loadMore.click();
    await expect.poll(async () => (await visibleTitles(page)).at(-1)).toBe("Water the ferns");
    await page.getByLabel("Sort by").selectOption("Priority");
    await expect.poll(async () => (await visibleTitles(page)).slice(0, 1)).toEqual(["Chore 24"]);
    await page.getByLabel("Sort by").selectOption("Newest");
    await expect.poll(async () => (await visibleTitles(page))[0]).toBe("Water the ferns");
    await context.close();
  });

  it("works with the keyboard alone", async () => {
    const { context, page } = await signedInPage(browser());
    await page.getByText("Your list is clear.").waitFor();
    const focusedName = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element) return null;
        const labelledBy = element.getAttribute("aria-labelledby");
        if (labelledBy) return document.getElementById(labelledBy)?.textContent ?? null;
        return (
          element.getAttribute("aria-label") ??
          (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null) ??
          element.textContent
        );
      });

    // "n" jumps to the composer; Enter adds.
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("n");
    expect(await focusedName()).toBe("New task");
    await page.keyboard.type("Write the report");
    await page.keyboard.press("Enter");
    await taskCheckbox(page, "Write the report").waitFor();
    await page.keyboard.type("Send the report");
    await page.keyboard.press("Enter");
    await taskCheckbox(page, "Send the report").waitFor();
    await expect.poll(() => taskCheckbox(page, "Send the report").isEnabled()).toBe(true);

    // Tab order: composer → details → add → search → filters → first task's checkbox, edit, delete.
    const order: (string | null)[] = [];
    for (let step = 0; step < 9; step += 1) {
      await page.keyboard.press("Tab");
      order.push(await focusedName());
    }
    expect(order).toEqual([
      "Details",
      "Add task",
      "Search tasks",
      "Status",
      "Priority",
      "Sort by",
      "Send the report",
      "Edit Send the report",
      "Delete Send the report",
    ]);

    // Space toggles the focused checkbox.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Space");
    await expect.poll(() => taskCheckbox(page, "Send the report").isChecked()).toBe(true);

    // Enter opens the editor, focus lands in Title, Enter saves.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await dialog(page).waitFor();
    expect(await focusedName()).toBe("Title");
    await page.keyboard.press("End");
    await page.keyboard.type(" today");
    await page.keyboard.press("Enter");
    await taskCheckbox(page, "Send the report today").waitFor();
    await expect.poll(focusedName).toBe("Edit Send the report today");

    // Escape closes without saving; Tab stays inside the open dialog.
    await page.keyboard.press("Enter");
    await dialog(page).waitFor();
    for (let step = 0; step < 12; step += 1) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog")))).toBe(true);
    await page.keyboard.press("Escape");
    await dialog(page).waitFor({ state: "detached" });

    // Delete from the keyboard; focus moves to the next task.
    await page.keyboard.press("Tab");
    await expect.poll(focusedName).toBe("Delete Send the report today");
    await page.keyboard.press("Enter");
    await taskCheckbox(page, "Send the report today").waitFor({ state: "detached" });
    await expect.poll(focusedName).toBe("Write the report");

    // "/" jumps to search.
    await page.keyboard.press("/");
    expect(await focusedName()).toBe("Search tasks");
    expect(await alerts(page).count()).toBe(0);
    await context.close();
  });
});
