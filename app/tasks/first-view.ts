import "server-only";
import { parseQuery } from "@/lib/api/request";
import { auth } from "@/lib/auth/auth";
import { describeDue, type DueDescription, type Zone } from "@/lib/shared/due";
import { consumeTaskQuota } from "@/lib/rate-limit";
import { listTasks } from "@/lib/tasks/queries";
import { listTasksQuery, type TaskPage } from "@/lib/shared/task-schema";

// What the task page shows first, read while the server renders it, so the list arrives with the
// HTML instead of after the scripts, a token and three API round trips. The reads are the API's
// own: the same query parsing, the same queries, the same per-user quota (one unit per page).

export type FirstView = {
  user: { name: string; email: string; emailVerified: boolean };
  /** API path (as the browser would request it) → the page GET /api/tasks answers for it. */
  pages: Record<string, TaskPage>;
  /**
   * Task id → how its due date reads, in the reader's zone when it is known (see
   * lib/shared/zone.ts): the browser hydrates with these words, then words due dates itself.
   */
  due: Record<string, DueDescription> | null;
};

/**
 * "signed-out" when the request carries no valid session. Null when the data could not be read
 * (database down, quota used up): the page then loads it in the browser, where the usual error
 * states and retries apply.
 */
export async function loadFirstView(
  requestHeaders: Headers,
  paths: string[],
  zone: Zone | null,
): Promise<FirstView | "signed-out" | null> {
  try {
    // A page render cannot set cookies: refreshing the session here would extend it in the
    // database but not in the browser. /api/auth/token, which the page calls next, refreshes it.
    const session = await auth.api.getSession({ headers: requestHeaders, query: { disableRefresh: true } });
    if (!session) return "signed-out";
    const { id, name, email, emailVerified } = session.user;
    await consumeTaskQuota(id);
    const pages = await Promise.all(
      paths.map((path) =>
        listTasks(id, parseQuery(new URL(path, "http://localhost").searchParams, listTasksQuery)),
      ),
    );
    const now = new Date();
    const due = zone
      ? Object.fromEntries(
          pages
            .flatMap((page) => page.data)
            .flatMap((task) =>
              task.dueAt ? [[task.id, describeDue(task.dueAt, task.completed, now, zone)]] : [],
            ),
        )
      : null;
    return {
      user: { name, email, emailVerified },
      pages: Object.fromEntries(paths.map((path, index) => [path, pages[index]!])),
      due,
    };
  } catch (error) {
    console.warn(
      "[tasks] first view left to the browser:",
      error instanceof Error ? error.message.split("\n")[0] : error,
    );
    return null;
  }
}
