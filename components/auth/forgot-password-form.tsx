"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { AlertIcon } from "@/components/icons";
import { TextField } from "@/components/ui/field";
import { postAuth } from "./post-auth";

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The same words whether or not an account uses the address: the page never tells.
export const RESET_REQUESTED =
  "If an account uses that address, we have sent it a link to set a new password. The link works once, for one hour.";

export function ForgotPasswordForm() {
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    setFormError(null);
    setStatus("");
    if (!EMAIL_PATTERN.test(email)) {
      setError(email ? "Enter a valid email address." : "Enter your email address.");
      formRef.current?.querySelector<HTMLInputElement>('[name="email"]')?.focus();
      return;
    }
    setError(undefined);
    setPending(true);
    const result = await postAuth("/request-password-reset", { email });
    setPending(false);
    if (result.ok) setStatus(RESET_REQUESTED);
    else if (result.status === 429) setFormError("Too many requests. Wait a few minutes, then try again.");
    else if (result.status === 0 || result.status >= 500)
      setFormError("We couldn't reach the server. Try again in a moment.");
    else setFormError(result.message || "Couldn't send the link. Try again.");
  }

  return (
    <form ref={formRef} className="auth-form" noValidate onSubmit={onSubmit} aria-busy={pending}>
      {formError ? (
        <div className="form-alert" role="alert">
          <AlertIcon />
          <p>{formError}</p>
        </div>
      ) : null}
      <p className="form-status" role="status">
        {status}
      </p>
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        autoFocus
        error={error}
      />
      <button type="submit" className="button button-primary button-block" disabled={pending}>
        {pending ? <span className="spinner" aria-hidden="true" /> : null}
        Send reset link
      </button>
      <p className="auth-switch">
        Remembered it? <Link href="/sign-in">Sign in</Link>
      </p>
    </form>
  );
}
