import { describe, expect, it } from "vitest";
import { addTask, browserForFile, signedInPage, taskCheckbox, visibleTitles } from "./support/browser";

const browser = browserForFile();

describe("two people", () => {
  it("never see each other's tasks", async () => {
    const alice = await signedInPage(browser(), { name: "Alice" });
    const bob = await signedInPage(browser(), { name: "Bob" });

    await addTask(alice.page, "Alice's surprise party plan");
    await addTask(bob.page, "Bob's grocery list");

    await bob.page.reload();
    await taskCheckbox(bob.page, "Bob's grocery list").waitFor();
    expect(await visibleTitles(bob.page)).toEqual(["Bob's grocery list"]);
    await bob.page.getByRole("searchbox", { name: "Search tasks" }).fill("surprise");
    await bob.page.getByText("Nothing matches these filters.").waitFor();

    await alice.page.reload();
    await taskCheckbox(alice.page, "Alice's surprise party plan").waitFor();
    expect(await visibleTitles(alice.page)).toEqual(["Alice's surprise party plan"]);

    // Not even by asking the API for Alice's task by id.
    const aliceToken = ((await (await alice.page.request.get("/api/auth/token")).json()) as { token: string })
      .token;
    const aliceTasks = (await (
      await alice.page.request.get("/api/tasks", { headers: { authorization: `Bearer ${aliceToken}` } })
    ).json()) as { data: { id: string }[] };
    const bobToken = ((await (await bob.page.request.get("/api/auth/token")).json()) as { token: string })
      .token;
    const peek = await bob.page.request.get(`/api/tasks/${aliceTasks.data[0]!.id}`, {
      headers: { authorization: `Bearer ${bobToken}` },
    });
    expect(peek.status()).toBe(404);

    // Alice signs out and Bob signs in on her browser(): nothing of hers is left in memory to show.
    await alice.page.getByRole("button", { name: "Sign out" }).click();
    await alice.page.waitForURL("**/sign-in");
    await alice.page.getByLabel("Email").fill(bob.person.email);
    await alice.page.getByLabel("Password", { exact: true }).fill(bob.person.password);
    await alice.page.getByRole("button", { name: "Sign in" }).click();
    await alice.page.waitForURL("**/tasks");
    await alice.page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
    expect(await taskCheckbox(alice.page, "Alice's surprise party plan").count()).toBe(0);
    await taskCheckbox(alice.page, "Bob's grocery list").waitFor();
    expect(await visibleTitles(alice.page)).toEqual(["Bob's grocery list"]);
    await alice.page.getByText("Bob", { exact: true }).waitFor();
    await alice.context.close();
    await bob.context.close();
  });
});
