import "server-only";
import { after } from "next/server";

// Work that must not delay the response (sending mail) runs after it with Next's `after()`, which
// keeps a serverless function alive until the task settles. Outside a request (a script, a test
// calling a route handler as a plain function) there is no response to wait for: the task starts
// on the next turn of the event loop instead. Either way a failure is logged, never thrown.

export function runAfterResponse(label: string, task: () => Promise<unknown>): void {
  const guarded = () =>
    task().catch((error: unknown) => {
      console.error(`[after-response] ${label} failed:`, error instanceof Error ? error.message : error);
    });
  try {
    after(guarded);
  } catch {
    setImmediate(() => void guarded());
  }
}
