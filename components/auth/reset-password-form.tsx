"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { AlertIcon } from "@/components/icons";
import { PasswordField } from "@/components/ui/field";
import { postAuth } from "./post-auth";

const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

export function ResetPasswordForm({ token }: { token: string }) {
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<{ message: string; expired: boolean } | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get("newPassword") ?? "");
    setFormError(null);
    const invalid =
      newPassword.length < PASSWORD_MIN
        ? `Use at least ${PASSWORD_MIN} characters.`
        : newPassword.length > PASSWORD_MAX
          ? `Use at most ${PASSWORD_MAX} characters.`
          : undefined;
    setError(invalid);
    if (invalid) {
      formRef.current?.querySelector<HTMLInputElement>('[name="newPassword"]')?.focus();
      return;
    }
    setPending(true);
    const result = await postAuth("/reset-password", { token, newPassword });
    setPending(false);
    if (result.ok) return setDone(true);
    if (result.code === "INVALID_TOKEN" || result.code === "USER_NOT_FOUND") {
      setFormError({ message: "This reset link has expired or was already used.", expired: true });
    } else if (result.status === 429) {
      setFormError({ message: "Too many attempts. Wait a few seconds, then try again.", expired: false });
    } else if (result.status === 0 || result.status >= 500) {
      setFormError({ message: "We couldn't reach the server. Try again in a moment.", expired: false });
    } else {
      // The password policy's own words (too short, too common…).
      setError(result.message || "Choose a different password.");
    }
  }

  if (done) {
    return (
      <div className="auth-form">
        <p className="form-status" role="status">
          Your new password is set, and every device that was signed in has been signed out.
        </p>
        <Link href="/sign-in" className="button button-primary button-block">
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form ref={formRef} className="auth-form" noValidate onSubmit={onSubmit} aria-busy={pending}>
      {formError ? (
        <div className="form-alert" role="alert">
          <AlertIcon />
          <p>
            {formError.message}{" "}
            {formError.expired ? <Link href="/forgot-password">Ask for a new link</Link> : null}
          </p>
        </div>
      ) : null}
      <PasswordField
        label="New password"
        name="newPassword"
        autoComplete="new-password"
        autoFocus
        hint={`At least ${PASSWORD_MIN} characters.`}
        error={error}
      />
      <button type="submit" className="button button-primary button-block" disabled={pending}>
        {pending ? <span className="spinner" aria-hidden="true" /> : null}
        Set new password
      </button>
    </form>
  );
}
