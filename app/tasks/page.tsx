import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { TaskWorkspace } from "@/components/tasks/task-workspace";
import { earlyFetchScript } from "@/lib/client/early-fetch";
import { COMPLETED_COUNT_PATH, DEFAULT_FILTERS, PENDING_COUNT_PATH, listPath } from "@/lib/client/tasks";
import { TOKEN_URL } from "@/lib/client/token";

export const metadata: Metadata = { title: "Tasks" };

// The requests the workspace makes first, started from the HTML while the scripts download.
const EARLY_FETCH = earlyFetchScript(TOKEN_URL, [
  listPath(DEFAULT_FILTERS),
  PENDING_COUNT_PATH,
  COMPLETED_COUNT_PATH,
]);

export default function TasksPage() {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: EARLY_FETCH }} />
      <AppHeader />
      <main className="workspace">
        <TaskWorkspace />
      </main>
    </>
  );
}
