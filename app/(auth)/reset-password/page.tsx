import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { mailEnabled } from "@/lib/mail/config";

export const metadata: Metadata = { title: "Set a new password", referrer: "no-referrer" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

export default async function ResetPasswordPage({ searchParams }: Props) {
  await connection();
  if (!mailEnabled) notFound();
  const { token } = await searchParams;
  return (
    <>
      <h1 className="auth-title">Set a new password</h1>
      {typeof token === "string" && token ? (
        <>
          <p className="auth-lede">Choose the password you will sign in with from now on.</p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <p className="auth-lede" role="alert">
          This page needs the link from the reset email.{" "}
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </>
  );
}
