"use client";

import { useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { AlertIcon } from "@/components/icons";
import { loadAuthClient, preloadAuthClient } from "@/lib/client/load-auth-client";
import { useSwitchSession } from "./use-switch-session";

export type AuthError = { status: number; code?: string; message?: string };
type AuthClient = Awaited<ReturnType<typeof loadAuthClient>>;

/**
 * Sending a sign-in or sign-up: Better Auth's client is loaded on demand, a failure becomes the
 * form's alert (a network failure reads as status 0), and success starts the new session.
 */
export function useAuthSubmission(messageFor: (error: AuthError) => string) {
  const switchSession = useSwitchSession();
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(call: (client: AuthClient) => Promise<{ error: AuthError | null; data?: unknown }>) {
    setPending(true);
    const { error, data } = await loadAuthClient()
      .then(call)
      .catch(() => ({ error: { status: 0 }, data: null }));
    if (error) {
      setPending(false);
      setFormError(messageFor(error));
      return;
    }
    // A sign-up that must confirm its address first gets no session (the same answer whether or
    // not the address already had an account): say where to look instead.
    if (data && typeof data === "object" && "token" in data && data.token === null) {
      setPending(false);
      setNotice("Check your inbox: we sent a link to confirm your email address. Open it to sign in.");
      return;
    }
    switchSession("/tasks");
  }

  return { pending, formError, notice, clearFormError: () => setFormError(null), submit };
}

type AuthFormProps = {
  formRef: RefObject<HTMLFormElement | null>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  pending: boolean;
  formError: string | null;
  notice?: string | null;
  submitLabel: string;
  footer: ReactNode;
  children: ReactNode;
};

/** The frame both auth pages share: the form-level alert, the fields, the submit button, a link. */
export function AuthForm({
  formRef,
  onSubmit,
  pending,
  formError,
  notice,
  submitLabel,
  footer,
  children,
}: AuthFormProps) {
  return (
    <form
      ref={formRef}
      className="auth-form"
      noValidate
      onSubmit={onSubmit}
      // Better Auth's client is fetched once someone starts filling the form in, not with the page.
      onInput={preloadAuthClient}
      onPointerDown={preloadAuthClient}
      aria-busy={pending}
    >
      {formError ? (
        <div className="form-alert" role="alert">
          <AlertIcon />
          <p>{formError}</p>
        </div>
      ) : null}
      <p className="form-status" role="status">
        {notice ?? ""}
      </p>
      {children}
      <button type="submit" className="button button-primary button-block" disabled={pending}>
        {pending ? <span className="spinner" aria-hidden="true" /> : null}
        {submitLabel}
      </button>
      <p className="auth-switch">{footer}</p>
    </form>
  );
}
