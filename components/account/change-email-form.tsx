"use client";

import { useRef, useState, type FormEvent } from "react";
import { postAuth } from "@/components/auth/post-auth";
import { TextField } from "@/components/ui/field";

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Change of address: confirmed from the new address; the current one is told at once. */
export function ChangeEmailForm({ currentEmail }: { currentEmail: string }) {
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState("");
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newEmail = String(new FormData(event.currentTarget).get("newEmail") ?? "").trim();
    setStatus("");
    const invalid = !EMAIL_PATTERN.test(newEmail)
      ? newEmail
        ? "Enter a valid email address."
        : "Enter the new email address."
      : newEmail.toLowerCase() === currentEmail.toLowerCase()
        ? "That is already your email address."
        : undefined;
    setError(invalid);
    if (invalid) {
      formRef.current?.querySelector<HTMLInputElement>('[name="newEmail"]')?.focus();
      return;
    }
    setPending(true);
    const result = await postAuth("/change-email", { newEmail, callbackURL: "/account" });
    setPending(false);
    if (result.ok) {
      setStatus(`We sent a link to ${newEmail}. Your email changes once you open it.`);
      formRef.current?.reset();
    } else if (result.status === 429) setError("Too many attempts. Wait a few minutes, then try again.");
    else if (result.status === 0 || result.status >= 500)
      setError("We couldn't reach the server. Try again in a moment.");
    else setError(result.message || "Couldn't change the email. Try again.");
  }

  return (
    <form
      ref={formRef}
      className="auth-form"
      noValidate
      onSubmit={onSubmit}
      aria-busy={pending}
      aria-labelledby="change-email-heading"
    >
      <h2 id="change-email-heading">Email</h2>
      <p>
        Signed in as <strong>{currentEmail}</strong>.
      </p>
      <TextField
        label="New email"
        name="newEmail"
        type="email"
        autoComplete="email"
        inputMode="email"
        error={error}
      />
      <button type="submit" className="button button-block" disabled={pending}>
        Change email
      </button>
      <p className="form-status" role="status">
        {status}
      </p>
    </form>
  );
}
