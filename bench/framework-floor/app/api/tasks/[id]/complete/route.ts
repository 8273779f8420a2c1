import { readBody, send, withFloor } from "../../../../../floor";

export const PATCH = withFloor<{ id: string }>(async ({ request, userId, floor, params }) => {
  await readBody(request);
  return send(200, await floor.toggleTask(userId, params.id));
});
