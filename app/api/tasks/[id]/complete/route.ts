import { json, methodNotAllowed, withUser } from "@/lib/api/handler";
import { parseJson, readBody, validateBody } from "@/lib/api/request";
import { setTaskCompletion } from "@/lib/tasks/queries";
import { setCompletionInput } from "@/lib/shared/task-schema";

type Params = { id: string };

// `{ "completed": bool }` sets completion; no body toggles it.
export const PATCH = withUser<Params>(async ({ request, user, params }) => {
  const body = await readBody(request);
  const completed = body ? validateBody(setCompletionInput, parseJson(body)).completed : undefined;
  return json(await setTaskCompletion(user.id, params.id, completed));
});

export const GET = methodNotAllowed("PATCH");
export const POST = GET;
export const PUT = GET;
export const DELETE = GET;
export const OPTIONS = GET;
