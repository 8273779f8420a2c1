"use client";

import { useCallback } from "react";
import { useSWRConfig } from "swr";
import { clearToken } from "@/lib/client/token";

/**
 * Leaves the current session behind when the signed-in user changes (sign-in, sign-up, sign-out):
 * the cached token and every cached response are dropped, then the browser loads `path` afresh.
 * A full page load rather than a client-side transition, so nothing of one person's data can be
 * left in memory to flash up for the next.
 */
export function useSwitchSession(): (path: "/tasks" | "/sign-in") => void {
  const { cache } = useSWRConfig();
  return useCallback(
    (path) => {
      clearToken();
      // Deleting the keys directly also reaches useSWRInfinite's entries, which mutate(() => true) skips.
      for (const key of [...cache.keys()]) cache.delete(key);
      window.location.replace(path);
    },
    [cache],
  );
}
