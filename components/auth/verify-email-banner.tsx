"use client";

import { useState } from "react";
import { postAuth } from "./post-auth";

/** For an account whose address is not confirmed yet: says so, and sends the link again. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, setState] = useState<"idle" | "sending" | "sent" | "failed">("idle");

  async function resend() {
    setState("sending");
    const result = await postAuth("/send-verification-email", { email, callbackURL: "/tasks" });
    setState(result.ok ? "sent" : "failed");
  }

  return (
    <section className="verify-banner" aria-label="Email verification">
      <p>
        Confirm your email address: we sent a link to <strong>{email}</strong>.
      </p>
      <button
        type="button"
        className="button button-ghost"
        onClick={() => void resend()}
        disabled={state === "sending"}
      >
        Resend
      </button>
      <p role="status" className="form-status">
        {state === "sent" ? "Sent. Check your inbox." : ""}
      </p>
      {state === "failed" ? <p role="alert">Couldn&apos;t send the link. Try again in a moment.</p> : null}
    </section>
  );
}
