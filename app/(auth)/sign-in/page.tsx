import type { Metadata } from "next";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { mailEnabled } from "@/lib/mail/config";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  // Whether password reset is offered is the running server's setting (MAIL_DISABLED), not the build's.
  await connection();
  return (
    <>
      <h1 className="auth-title">Welcome back</h1>
      <p className="auth-lede">Sign in to pick up where you left off.</p>
      <SignInForm canResetPassword={mailEnabled} />
    </>
  );
}
