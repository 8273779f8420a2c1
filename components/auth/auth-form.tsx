"use client";

import type { FormEvent, ReactNode, RefObject } from "react";
import { AlertIcon } from "@/components/icons";
import { preloadAuthClient } from "@/lib/client/load-auth-client";

type AuthFormProps = {
  formRef: RefObject<HTMLFormElement | null>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  pending: boolean;
  formError: string | null;
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
      {children}
      <button type="submit" className="button button-primary button-block" disabled={pending}>
        {pending ? <span className="spinner" aria-hidden="true" /> : null}
        {submitLabel}
      </button>
      <p className="auth-switch">{footer}</p>
    </form>
  );
}
