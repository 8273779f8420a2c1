"use client";

import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { useSwitchSession } from "@/components/auth/use-switch-session";
import { LogOutIcon, LogoIcon } from "@/components/icons";
import { useToast } from "@/components/ui/toaster";
import { loadAuthClient } from "@/lib/client/load-auth-client";
import { currentClaims, subscribeToClaims } from "@/lib/client/token";

// Who is signed in (from the server's session while the page renders, then from the API token's
// claims, so no extra request) and the way out.

type Props = { user: { name: string; email: string } | null };

export function AppHeader({ user }: Props) {
  const toast = useToast();
  const switchSession = useSwitchSession();
  const claims = useSyncExternalStore(subscribeToClaims, currentClaims, () => null);
  const [signingOut, setSigningOut] = useState(false);
  const account = claims ?? user;
  const name = account?.name || account?.email || "";

  async function signOut() {
    setSigningOut(true);
    // Better Auth's client is loaded on demand: signing out is the only thing this page needs it for.
    const signedOut = loadAuthClient().then((authClient) => authClient.signOut());
    const { error } = await signedOut.catch(() => ({ error: { status: 0 } }));
    if (error) {
      setSigningOut(false);
      toast.error("Couldn't sign out. Check your connection and try again.");
      return;
    }
    switchSession("/sign-in");
  }

  return (
    <header className="app-header">
      <div className="app-header-inner">
        {/* This page links to itself: prefetching it would only fetch it a second time. */}
        <Link href="/tasks" className="brand" prefetch={false}>
          <LogoIcon />
          <span>Evo-TODO</span>
        </Link>
        <div className="account">
          <span className="avatar" aria-hidden="true">
            {name ? name.trim().charAt(0).toUpperCase() : ""}
          </span>
          <span className="account-name" title={account?.email}>
            {name}
          </span>
          <Link href="/account" className="button button-ghost">
            Account
          </Link>
          <button type="button" className="button button-ghost" onClick={() => void signOut()} disabled={signingOut}>
            <LogOutIcon width={18} height={18} />
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
