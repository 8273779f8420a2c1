import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export default function SignUpPage() {
  return (
    <>
      <h1 className="auth-title">Create your account</h1>
      <p className="auth-lede">Capture tasks in seconds. Free, private, no setup.</p>
      <SignUpForm />
    </>
  );
}
