"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { PasswordField, TextField } from "@/components/ui/field";
import { AuthForm, useAuthSubmission, type AuthError } from "./auth-form";

// Better Auth's limits for email + password (lib/auth/auth.ts).
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Field = "name" | "email" | "password";
type Errors = Partial<Record<Field, string>>;

function messageFor(error: AuthError): string {
  if (error.code?.startsWith("USER_ALREADY_EXISTS"))
    return "An account with this email already exists. Sign in instead.";
  if (error.status === 429) return "Too many attempts. Wait a few seconds, then try again.";
  if (error.status === 0 || error.status >= 500)
    return "We couldn't reach the server. Try again in a moment.";
  return error.message || "Couldn't create the account. Try again.";
}

function validate(name: string, email: string, password: string): Errors {
  const errors: Errors = {};
  if (!name) errors.name = "Enter your name.";
  if (!EMAIL_PATTERN.test(email))
    errors.email = email ? "Enter a valid email address." : "Enter your email address.";
  if (password.length < PASSWORD_MIN) errors.password = `Use at least ${PASSWORD_MIN} characters.`;
  else if (password.length > PASSWORD_MAX) errors.password = `Use at most ${PASSWORD_MAX} characters.`;
  return errors;
}

export function SignUpForm() {
  const [errors, setErrors] = useState<Errors>({});
  const { pending, formError, notice, clearFormError, submit } = useAuthSubmission(messageFor);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get("name") ?? "").trim();
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const next = validate(name, email, password);
    setErrors(next);
    clearFormError();
    const firstInvalid = (["name", "email", "password"] as const).find((field) => next[field]);
    if (firstInvalid) {
      formRef.current?.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }

    await submit((client) => client.signUp.email({ name, email, password }));
  }

  return (
    <AuthForm
      formRef={formRef}
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      notice={notice}
      submitLabel="Create account"
      footer={
        <>
          Already have an account? <Link href="/sign-in">Sign in</Link>
        </>
      }
    >
      <TextField label="Name" name="name" autoComplete="name" autoFocus maxLength={100} error={errors.name} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        error={errors.email}
      />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters.`}
        error={errors.password}
      />
    </AuthForm>
  );
}
