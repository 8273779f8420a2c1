import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { TaskWorkspace } from "@/components/tasks/task-workspace";
import { earlyFetchScript } from "@/lib/client/early-fetch";
import { INTL_WARMUP_SCRIPT } from "@/lib/client/intl-warmup";
import { COMPLETED_COUNT_PATH, DEFAULT_FILTERS, PENDING_COUNT_PATH, listPath } from "@/lib/client/tasks";
import { TOKEN_URL } from "@/lib/client/token";

export const metadata: Metadata = { title: "Tasks" };

// The requests the workspace makes first, started from the HTML while the scripts download, and
// the date-formatting data the list needs, loaded on a worker meanwhile.
const EARLY_SCRIPT =
  earlyFetchScript(TOKEN_URL, [listPath(DEFAULT_FILTERS), PENDING_COUNT_PATH, COMPLETED_COUNT_PATH]) +
  INTL_WARMUP_SCRIPT;

export default function TasksPage() {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: EARLY_SCRIPT }} />
      <AppHeader />
      <main className="workspace">
        <TaskWorkspace />
      </main>
    </>
  );
}
