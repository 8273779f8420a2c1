import type { Metadata } from "next";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { mailEnabled } from "@/lib/mail/config";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ ended?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  // Whether password reset is offered is the running server's setting (MAIL_DISABLED), not the build's.
  await connection();
  // Set when a session ended elsewhere (signed out on another device, password changed) and this
  // browser noticed at its next request.
  const ended = (await searchParams).ended !== undefined;
  return (
    <>
      <h1 className="auth-title">Welcome back</h1>
      {ended ? (
        <p role="status" className="form-alert">
          Your session has ended. Sign in again.
        </p>
      ) : null}
      <p className="auth-lede">Sign in to pick up where you left off.</p>
      <SignInForm canResetPassword={mailEnabled} />
    </>
  );
}
