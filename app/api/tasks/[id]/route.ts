import { json, methodNotAllowed, withUser } from "@/lib/api/handler";
import { readJson } from "@/lib/api/request";
import { deleteTask, getTask, updateTask } from "@/lib/tasks/queries";
import { updateTaskInput } from "@/lib/shared/task-schema";

type Params = { id: string };

export const GET = withUser<Params>(async ({ user, params }) => {
  return json(await getTask(user.id, params.id));
});

export const PUT = withUser<Params>(async ({ request, user, params }) => {
  return json(await updateTask(user.id, params.id, await readJson(request, updateTaskInput)));
});

export const DELETE = withUser<Params>(async ({ user, params }) => {
  await deleteTask(user.id, params.id);
  return new Response(null, { status: 204 });
});

export const POST = methodNotAllowed("GET", "HEAD", "PUT", "DELETE");
export const PATCH = POST;
export const OPTIONS = POST;
