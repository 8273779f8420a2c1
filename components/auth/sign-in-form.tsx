"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { PasswordField, TextField } from "@/components/ui/field";
import { AuthForm, useAuthSubmission, type AuthError } from "./auth-form";

type Errors = { email?: string; password?: string };

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function messageFor(error: AuthError): string {
  if (error.status === 401)
    return "That email and password don't match an account. Check them and try again.";
  if (error.code === "EMAIL_NOT_VERIFIED")
    return "Confirm your email address first: we have sent you a new link. Open it, then sign in.";
  if (error.status === 429) return "Too many attempts. Wait a few seconds, then try again.";
  if (error.status === 0 || error.status >= 500)
    return "We couldn't reach the server. Try again in a moment.";
  return error.message || "Couldn't sign in. Try again.";
}

export function SignInForm({ canResetPassword }: { canResetPassword: boolean }) {
  const [errors, setErrors] = useState<Errors>({});
  const { pending, formError, clearFormError, submit } = useAuthSubmission(messageFor);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const next: Errors = {};
    if (!EMAIL_PATTERN.test(email))
      next.email = email ? "Enter a valid email address." : "Enter your email address.";
    if (!password) next.password = "Enter your password.";
    setErrors(next);
    clearFormError();
    if (next.email || next.password) {
      formRef.current
        ?.querySelector<HTMLInputElement>(`[name="${next.email ? "email" : "password"}"]`)
        ?.focus();
      return;
    }

    await submit((client) => client.signIn.email({ email, password }));
  }

  return (
    <AuthForm
      formRef={formRef}
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Sign in"
      footer={
        <>
          New to Evo-TODO? <Link href="/sign-up">Create an account</Link>
        </>
      }
    >
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        autoFocus
        error={errors.email}
      />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="current-password"
        error={errors.password}
      />
      {canResetPassword ? (
        <p className="auth-extra">
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
      ) : null}
    </AuthForm>
  );
}
