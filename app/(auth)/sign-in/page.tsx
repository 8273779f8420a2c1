import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <>
      <h1 className="auth-title">Welcome back</h1>
      <p className="auth-lede">Sign in to pick up where you left off.</p>
      <SignInForm />
    </>
  );
}
