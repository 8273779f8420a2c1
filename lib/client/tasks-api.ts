import "client-only";
import type { Task } from "@/lib/shared/task-schema";
import type { TaskDraft } from "@/lib/shared/task-list";
import { apiRequest } from "./api";

// One function per write to the task API; the bodies are the API's create/update/complete bodies.
export const tasksApi = {
  create: (draft: TaskDraft) => apiRequest<Task>("/api/tasks", { method: "POST", body: draft }),
  update: (id: string, changes: Partial<TaskDraft> & { completed?: boolean }) =>
    apiRequest<Task>(`/api/tasks/${encodeURIComponent(id)}`, { method: "PUT", body: changes }),
  setCompleted: (id: string, completed: boolean) =>
    apiRequest<Task>(`/api/tasks/${encodeURIComponent(id)}/complete`, { method: "PATCH", body: { completed } }),
  remove: (id: string) => apiRequest<void>(`/api/tasks/${encodeURIComponent(id)}`, { method: "DELETE" }),
};
