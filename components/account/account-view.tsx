"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import type { AccountSession } from "@/lib/shared/account-session";
import { PasswordField, TextField } from "@/components/ui/field";
import { loadAuthClient } from "@/lib/client/load-auth-client";
import { clearToken, getToken } from "@/lib/client/token";

// The account page: the user's name, password and sessions. Each change goes through Better
// Auth's own endpoint (so ended sessions are revoked everywhere), then the server re-renders the
// session list. A 401 means this session itself has ended: the browser goes to /sign-in.

type Props = {
  name: string;
  email: string;
  sessions: AccountSession[];
  /** The server action that ends one of the caller's other sessions (passed in: browser code imports no server module). */
  endSession: (sessionId: string) => Promise<{ ok: boolean; signedOut?: boolean }>;
};
type Outcome = { kind: "status" | "alert"; text: string } | null;
type AuthResult = { error: { status: number; message?: string; code?: string } | null };

const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

function sessionEnded(): void {
  clearToken();
  // A full load, as in lib/client/token.ts: nothing of the ended session stays in memory.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign("/sign-in?ended=1");
}

/** Calls Better Auth's client; a network failure reads like any other error. */
async function viaAuthClient(
  call: (client: Awaited<ReturnType<typeof loadAuthClient>>) => Promise<AuthResult>,
): Promise<AuthResult> {
  try {
    return await call(await loadAuthClient());
  } catch {
    return { error: { status: 0 } };
  }
}

function problem(error: NonNullable<AuthResult["error"]>, fallback: string): string {
  if (error.status === 0) return "Can't reach the server. Check your connection and try again.";
  if (error.status === 429) return "Too many attempts. Wait a moment and try again.";
  return error.message || fallback;
}

function Message({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return outcome.kind === "alert" ? (
    <p role="alert" className="form-alert">
      {outcome.text}
    </p>
  ) : (
    <p role="status" className="account-status">
      {outcome.text}
    </p>
  );
}

export function AccountView({ name, email, sessions, endSession }: Props) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const refresh = () => startRefresh(() => router.refresh());
  const sessionsHeading = useId();

  const [nameOutcome, setNameOutcome] = useState<Outcome>(null);
  const [nameError, setNameError] = useState<string>();
  const [savingName, setSavingName] = useState(false);

  const [passwordOutcome, setPasswordOutcome] = useState<Outcome>(null);
  const [passwordErrors, setPasswordErrors] = useState<{ current?: string; next?: string }>({});
  const [changingPassword, setChangingPassword] = useState(false);

  const [sessionsOutcome, setSessionsOutcome] = useState<Outcome>(null);
  const [ending, setEnding] = useState<string | null>(null);

  async function saveName(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    setNameOutcome(null);
    if (!value || value.length > 100) {
      setNameError(value ? "Use at most 100 characters." : "Enter your name.");
      return;
    }
    setNameError(undefined);
    setSavingName(true);
    const { error } = await viaAuthClient((client) => client.updateUser({ name: value }));
    setSavingName(false);
    if (error?.status === 401) return sessionEnded();
    if (error)
      return setNameOutcome({ kind: "alert", text: problem(error, "Couldn't save your name. Try again.") });
    setNameOutcome({ kind: "status", text: "Name saved." });
    // The API token carries the name: a fresh one updates the header too.
    void getToken({ fresh: true }).catch(() => {});
    refresh();
  }

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const newPassword = String(data.get("newPassword") ?? "");
    const errors: { current?: string; next?: string } = {};
    if (!currentPassword) errors.current = "Enter your current password.";
    if (newPassword.length < PASSWORD_MIN) errors.next = `Use at least ${PASSWORD_MIN} characters.`;
    else if (newPassword.length > PASSWORD_MAX) errors.next = `Use at most ${PASSWORD_MAX} characters.`;
    setPasswordErrors(errors);
    setPasswordOutcome(null);
    if (errors.current || errors.next) return;
    setChangingPassword(true);
    const { error } = await viaAuthClient((client) =>
      client.changePassword({ currentPassword, newPassword, revokeOtherSessions: true }),
    );
    setChangingPassword(false);
    if (error?.status === 401) return sessionEnded();
    if (error?.code === "INVALID_PASSWORD") {
      setPasswordErrors({ current: "That is not your current password." });
      return;
    }
    if (error)
      return setPasswordOutcome({
        kind: "alert",
        text: problem(error, "Couldn't change your password. Try again."),
      });
    form.reset();
    // Better Auth replaced this session with a new one (new cookie): the old token is revoked.
    clearToken();
    setPasswordOutcome({ kind: "status", text: "Password changed. Every other session was signed out." });
    refresh();
  }

  async function endOne(session: AccountSession) {
    setEnding(session.id);
    setSessionsOutcome(null);
    const result = await endSession(session.id).catch(() => null);
    setEnding(null);
    if (result?.signedOut) return sessionEnded();
    if (!result?.ok)
      return setSessionsOutcome({ kind: "alert", text: "Couldn't end that session. Try again." });
    setSessionsOutcome({ kind: "status", text: `Ended the session of ${session.device}.` });
    refresh();
  }

  async function endOthers() {
    setEnding("others");
    setSessionsOutcome(null);
    const { error } = await viaAuthClient((client) => client.revokeOtherSessions());
    setEnding(null);
    if (error?.status === 401) return sessionEnded();
    if (error)
      return setSessionsOutcome({
        kind: "alert",
        text: problem(error, "Couldn't sign out the other sessions. Try again."),
      });
    setSessionsOutcome({ kind: "status", text: "Every other session was signed out." });
    refresh();
  }

  const others = sessions.filter((session) => !session.current);

  return (
    <div className="account-view">
      <div className="workspace-head">
        <h1>Account</h1>
        <p className="account-email">{email}</p>
      </div>

      <section className="card account-section" aria-labelledby="account-profile">
        <h2 id="account-profile">Profile</h2>
        <form onSubmit={saveName} noValidate className="account-form">
          <TextField
            label="Name"
            name="name"
            defaultValue={name}
            autoComplete="name"
            maxLength={100}
            error={nameError}
          />
          <button type="submit" className="button button-primary" disabled={savingName}>
            Save name
          </button>
          <Message outcome={nameOutcome} />
        </form>
      </section>

      <section className="card account-section" aria-labelledby="account-password">
        <h2 id="account-password">Password</h2>
        <form onSubmit={changePassword} noValidate className="account-form">
          <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
          <PasswordField
            label="Current password"
            name="currentPassword"
            autoComplete="current-password"
            error={passwordErrors.current}
          />
          <PasswordField
            label="New password"
            name="newPassword"
            autoComplete="new-password"
            hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. Your other sessions will be signed out.`}
            error={passwordErrors.next}
          />
          <button type="submit" className="button button-primary" disabled={changingPassword}>
            Change password
          </button>
          <Message outcome={passwordOutcome} />
        </form>
      </section>

      <section className="card account-section" aria-labelledby={sessionsHeading}>
        <h2 id={sessionsHeading}>Sessions</h2>
        <ul className="session-list" aria-labelledby={sessionsHeading} aria-busy={refreshing || undefined}>
          {sessions.map((session) => (
            <li key={session.id} className="session">
              <div className="session-body">
                <p className="session-device">
                  {session.device}
                  {session.current ? <span className="badge">This device</span> : null}
                </p>
                <p className="session-meta">
                  Signed in <time dateTime={session.createdAt}>{session.createdLabel}</time> · Last active{" "}
                  <time dateTime={session.lastActiveAt}>{session.lastActiveLabel}</time>
                </p>
              </div>
              {session.current ? null : (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void endOne(session)}
                  disabled={ending !== null}
                >
                  End session
                </button>
              )}
            </li>
          ))}
        </ul>
        <div className="account-actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void endOthers()}
            disabled={ending !== null || others.length === 0}
          >
            Sign out other sessions
          </button>
        </div>
        <Message outcome={sessionsOutcome} />
      </section>
    </div>
  );
}
