"use client";

import type { ReactNode } from "react";
import { SWRConfig } from "swr";
import { ToastProvider } from "@/components/ui/toaster";
import { apiFetcher, isRetryable } from "@/lib/client/api";

// The one SWRConfig: every useSWR key is an API path fetched through the token-aware client.
const swrConfig = {
  fetcher: apiFetcher,
  keepPreviousData: true,
  revalidateOnFocus: true,
  dedupingInterval: 1_000,
  errorRetryCount: 3,
  onErrorRetry: (
    error: unknown,
    _key: string,
    config: { errorRetryInterval: number },
    revalidate: (options: { retryCount: number }) => void,
    { retryCount }: { retryCount: number },
  ) => {
    if (!isRetryable(error) || retryCount > 3) return;
    window.setTimeout(() => revalidate({ retryCount }), config.errorRetryInterval * 2 ** (retryCount - 1));
  },
};

export function Providers({ children }: { children: ReactNode }) {
  return (
    <SWRConfig value={swrConfig}>
      <ToastProvider>{children}</ToastProvider>
    </SWRConfig>
  );
}
