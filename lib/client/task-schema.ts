import "client-only";

// The API's task schema as the browser loads it (on demand, see ./task-form): zod is switched to
// jitless mode first, and import order guarantees that happens before any schema is built.
import "./zod-jitless";

export { createTaskInput, TAGS_MAX } from "@/lib/shared/task-schema";
