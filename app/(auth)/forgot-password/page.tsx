import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { mailEnabled } from "@/lib/mail/config";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  // Whether mail is on is the running server's setting, not the build's.
  await connection();
  if (!mailEnabled) notFound();
  return (
    <>
      <h1 className="auth-title">Forgot your password?</h1>
      <p className="auth-lede">
        Enter the email address of your account and we will send you a link to set a new one.
      </p>
      <ForgotPasswordForm />
    </>
  );
}
