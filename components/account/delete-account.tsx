"use client";

import { useRef, useState, type FormEvent } from "react";
import { postAuth } from "@/components/auth/post-auth";
import { useSwitchSession } from "@/components/auth/use-switch-session";
import { PasswordField } from "@/components/ui/field";

/** "Delete account" opens a dialog that takes the password; the account, tasks and sessions go at once. */
export function DeleteAccount() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const switchSession = useSwitchSession();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    if (!password) return setError("Enter your password.");
    setPending(true);
    const result = await postAuth("/delete-user", { password });
    if (result.ok) {
      switchSession("/sign-in");
      return;
    }
    setPending(false);
    if (result.code === "INVALID_PASSWORD") setError("That password is not right.");
    else if (result.status === 429) setError("Too many attempts. Wait a few seconds, then try again.");
    else if (result.status === 0 || result.status >= 500)
      setError("We couldn't reach the server. Try again in a moment.");
    else setError(result.message || "Couldn't delete the account. Try again.");
  }

  return (
    <section aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">Delete account</h2>
      <p>
        Deleting your account removes it with all its tasks and signs out every device. It cannot be undone.
      </p>
      <button
        type="button"
        className="button button-primary"
        onClick={() => {
          setError(undefined);
          dialogRef.current?.showModal();
        }}
      >
        Delete account
      </button>
      <dialog ref={dialogRef} aria-labelledby="delete-dialog-title" className="dialog">
        <form className="auth-form" noValidate onSubmit={onSubmit} aria-busy={pending}>
          <h3 id="delete-dialog-title">Delete your account for good?</h3>
          <p>Your tasks and sessions are deleted at once. Enter your password to confirm.</p>
          <PasswordField
            label="Password"
            name="password"
            autoComplete="current-password"
            autoFocus
            error={error}
          />
          <div className="dialog-actions">
            <button type="button" className="button button-ghost" onClick={() => dialogRef.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={pending}>
              Delete forever
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
