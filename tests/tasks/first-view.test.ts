import { describe, expect, it } from "vitest";
import * as tasks from "@/app/api/tasks/route";
import { describeDue } from "@/lib/shared/due";
import { COMPLETED_COUNT_PATH, DEFAULT_FILTERS, PENDING_COUNT_PATH, listPath } from "@/lib/shared/task-list";
import { loadFirstView } from "@/app/tasks/first-view";
import { call, signUp } from "../support/api";

// The task page's server-rendered first view answers exactly what the API would, for the same
// person, and leaves the page to the browser whenever it cannot.

const PATHS = [listPath(DEFAULT_FILTERS), PENDING_COUNT_PATH, COMPLETED_COUNT_PATH];
const BERLIN = { timeZone: "Europe/Berlin", locale: "en-GB" };

describe("loadFirstView", () => {
  it("reads what GET /api/tasks answers for each path, and words due dates in the reader's zone", async () => {
    const user = await signUp("Ada Lovelace");
    const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    for (const body of [{ title: "Write notes", dueAt }, { title: "Read letters" }]) {
      expect((await call(tasks.POST, "POST", "/api/tasks", { token: user.token, body })).status).toBe(201);
    }
    const view = await loadFirstView(new Headers({ cookie: user.cookie }), PATHS, BERLIN);
    if (!view || view === "signed-out") throw new Error(`expected a view, got ${view}`);

    expect(view.user).toEqual({ name: "Ada Lovelace", email: user.email, emailVerified: false });
    for (const path of PATHS) {
      expect(view.pages[path]).toEqual((await call(tasks.GET, "GET", path, { token: user.token })).json);
    }
    const dated = view.pages[PATHS[0]!]!.data.find((task) => task.dueAt)!;
    expect(view.due).toEqual({ [dated.id]: describeDue(dueAt, false, new Date(), BERLIN) });
  });

  it("words no due dates when the reader's zone is unknown", async () => {
    const user = await signUp();
    const view = await loadFirstView(new Headers({ cookie: user.cookie }), PATHS, null);
    expect(view).toMatchObject({ due: null });
  });

  it.each([
    ["no cookie", ""],
    ["a forged session cookie", "better-auth.session_token=forged.value"],
  ])("is signed-out with %s", async (_, cookie) => {
    expect(await loadFirstView(new Headers(cookie ? { cookie } : {}), PATHS, null)).toBe("signed-out");
  });

  it("leaves the page to the browser when a read fails", async () => {
    const user = await signUp();
    expect(await loadFirstView(new Headers({ cookie: user.cookie }), ["/api/tasks?limit=0"], null)).toBeNull();
  });
});
