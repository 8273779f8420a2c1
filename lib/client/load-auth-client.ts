import "client-only";
import type { authClient } from "./auth-client";

// Better Auth's browser client (~12 kB gzipped) is only needed to sign in, sign up or sign out, so
// pages load it on demand: the forms start fetching it when someone starts typing, the header
// when "Sign out" is pressed. A failed load is forgotten, so the next attempt tries again.

let loading: Promise<typeof authClient> | null = null;

export function loadAuthClient(): Promise<typeof authClient> {
  loading ??= import("./auth-client").then(
    (module) => module.authClient,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** For `onInput`/`onPointerDown`: start the download early, ignore failures (submit retries). */
export function preloadAuthClient(): void {
  loadAuthClient().catch(() => {});
}
