import { readBody, send, withFloor } from "../../../floor";

export const GET = withFloor(async ({ request, userId, floor }) => send(200, await floor.listTasks(userId, new URL(request.url).searchParams)));

export const POST = withFloor(async ({ request, userId, floor }) => {
  const task = await floor.createTask(userId, request.headers.get("content-type"), await readBody(request));
  return send(201, task, { location: `/api/tasks/${task.id}` });
});

export const OPTIONS = async () => new Response(null, { status: 204, headers: { allow: "GET, HEAD, POST, OPTIONS" } });
