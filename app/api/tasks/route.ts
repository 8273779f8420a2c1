import { json, methodNotAllowed, withUser } from "@/lib/api/handler";
import { readJson, readQuery } from "@/lib/api/request";
import { createTask, listTasks } from "@/lib/tasks/queries";
import { createTaskInput, listTasksQuery } from "@/lib/shared/task-schema";

export const GET = withUser(async ({ request, user }) => {
  return json(await listTasks(user.id, readQuery(request, listTasksQuery)));
});

export const POST = withUser(async ({ request, user }) => {
  const task = await createTask(user.id, await readJson(request, createTaskInput));
  return json(task, { status: 201, headers: { location: `/api/tasks/${task.id}` } });
});

export const PUT = methodNotAllowed("GET", "HEAD", "POST");
export const PATCH = PUT;
export const DELETE = PUT;
export const OPTIONS = PUT;
