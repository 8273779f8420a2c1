import { createFloor, floorConfigFromEnv, HttpError, MAX_BODY_BYTES } from "../lib/floor-core.mts";

// One floor per process, made on the first request (the build imports the routes without a database).
let floor: ReturnType<typeof createFloor> | undefined;
const theFloor = () => (floor ??= createFloor(floorConfigFromEnv()));

function send(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

/** A route handler that authenticates the Bearer token first, and answers an HttpError with its status. */
export function withFloor<P = Record<string, string>>(
  handle: (args: { request: Request; userId: string; floor: ReturnType<typeof createFloor>; params: P }) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const floor = theFloor();
      const userId = await floor.authenticate(request.headers.get("authorization"));
      return await handle({ request, userId, floor, params: await context.params });
    } catch (error) {
      if (error instanceof HttpError) return send(error.status, { status: error.status });
      console.error("[framework floor]", error);
      return send(500, { status: 500 });
    }
  };
}

export async function readBody(request: Request): Promise<string> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413);
  return text;
}

export const health = async () => send(200, await theFloor().health());
export { send };
