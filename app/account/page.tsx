import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { AccountView } from "@/components/account/account-view";
import { ChangeEmailForm } from "@/components/account/change-email-form";
import { DeleteAccount } from "@/components/account/delete-account";
import { AppHeader } from "@/components/app-header";
import { auth } from "@/lib/auth/auth";
import { mailEnabled } from "@/lib/mail/config";
import { parseZone, ZONE_COOKIE } from "@/lib/shared/zone";
import { endSession } from "./actions";
import { listAccountSessions } from "./sessions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  // A page render cannot set cookies, so it must not refresh the session (see lib/tasks/first-view).
  const session = await auth.api.getSession({ headers: await headers(), query: { disableRefresh: true } });
  if (!session) redirect("/sign-in?ended=1");
  const zone = parseZone((await cookies()).get(ZONE_COOKIE)?.value);
  const sessions = await listAccountSessions(session.user.id, session.session.id, zone);
  const user = { name: session.user.name, email: session.user.email };
  return (
    <>
      <AppHeader user={user} />
      <main className="workspace account-page">
        <AccountView name={user.name} email={user.email} sessions={sessions} endSession={endSession} />
        <div className="account-view account-more">
          {mailEnabled ? (
            <section className="card account-section" aria-labelledby="change-email-heading">
              <ChangeEmailForm currentEmail={user.email} />
            </section>
          ) : null}
          <div className="card account-section">
            <DeleteAccount />
          </div>
        </div>
      </main>
    </>
  );
}
