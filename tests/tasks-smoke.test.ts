import { describe, expect, it } from "vitest";
import * as tasks from "@/app/api/tasks/route";
import { call, signUp } from "./support/api";

describe("smoke", () => {
  it("creates and lists a task", async () => {
    const user = await signUp();
    const created = await call(tasks.POST, "POST", "/api/tasks", { token: user.token, body: { title: "Hello" } });
    expect(created.status).toBe(201);
    const list = await call(tasks.GET, "GET", "/api/tasks", { token: user.token });
    expect(list.status).toBe(200);
    expect(list.json.count).toBe(1);
  });
});
