import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { VerifyEmailBanner } from "@/components/auth/verify-email-banner";
import { TaskWorkspace } from "@/components/tasks/task-workspace";
import { earlyFetchScript } from "@/lib/shared/early-fetch";
import { INTL_WARMUP_SCRIPT } from "@/lib/shared/intl-warmup";
import { COMPLETED_COUNT_PATH, DEFAULT_FILTERS, PENDING_COUNT_PATH, listPath } from "@/lib/shared/task-list";
import { TOKEN_URL } from "@/lib/shared/api-paths";
import { ZONE_COOKIE, parseZone } from "@/lib/shared/zone";
import { mailEnabled } from "@/lib/mail/config";
import { loadFirstView } from "@/app/tasks/first-view";

export const metadata: Metadata = { title: "Tasks" };

// The requests the workspace makes first: the list and the two counts.
const FIRST_PATHS = [listPath(DEFAULT_FILTERS), PENDING_COUNT_PATH, COMPLETED_COUNT_PATH];

export default async function TasksPage() {
  const zone = parseZone((await cookies()).get(ZONE_COOKIE)?.value);
  const view = await loadFirstView(await headers(), FIRST_PATHS, zone);
  if (view === "signed-out") redirect("/sign-in");
  // An inline script starts the API token request (and, when the server could not read the list,
  // the list requests) while the scripts download, and loads the list's date-formatting data on a
  // worker meanwhile.
  const earlyScript = earlyFetchScript(TOKEN_URL, view ? [] : FIRST_PATHS) + INTL_WARMUP_SCRIPT;
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: earlyScript }} />
      <AppHeader user={view?.user ?? null} />
      {mailEnabled && view && !view.user.emailVerified ? <VerifyEmailBanner email={view.user.email} /> : null}
      <main className="workspace">
        <TaskWorkspace firstPages={view?.pages ?? null} firstDue={view?.due ?? null} />
      </main>
    </>
  );
}
