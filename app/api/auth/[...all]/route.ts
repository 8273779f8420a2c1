import { toNextJsHandler } from "better-auth/next-js";
import { toProblemResponse } from "@/lib/api/errors";
import { auth } from "@/lib/auth/auth";

const handlers = toNextJsHandler(auth);

// Better Auth lets database failures escape as exceptions; answer them like every other route
// (503 problem+json while the database is down) instead of Next.js's bare 500.
function guarded(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      return toProblemResponse(error);
    }
  };
}

export const GET = guarded(handlers.GET);
export const POST = guarded(handlers.POST);
