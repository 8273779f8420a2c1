import "client-only";
import type { Task } from "@/lib/shared/task-schema";
import { describeFieldError, type FieldError } from "./api-error";
import type { Priority, TaskDraft } from "@/lib/shared/task-list";

// The add and edit forms hold strings; the API wants a TaskDraft. Validation is the API's own zod
// schema (lib/shared/task-schema.ts), so the form and the server can never disagree on what is valid.
// That module brings all of zod (~30 kB gzipped), so it is loaded on demand, not with the page.

const loadSchema = () => import("./task-schema");

/** Starts loading the schema ahead of the first submit (the workspace calls it on the first interaction). */
export function preloadTaskSchema(): void {
  void loadSchema().catch(() => {});
}

export type TaskFormValues = {
  title: string;
  description: string;
  priority: Priority;
  dueDate: string; // yyyy-mm-dd, local
  dueTime: string; // HH:mm, local; empty means "end of that day"
  tags: string; // comma-separated
};

export type TaskFormField = keyof TaskFormValues;
export type TaskFormErrors = Partial<Record<TaskFormField, string>>;

// A due date without a time means the end of that day in the user's time zone.
const END_OF_DAY = "23:59";

export const EMPTY_FORM: TaskFormValues = {
  title: "",
  description: "",
  priority: "medium",
  dueDate: "",
  dueTime: "",
  tags: "",
};

const pad = (value: number) => String(value).padStart(2, "0");

export function valuesFromTask(task: Task): TaskFormValues {
  let dueDate = "";
  let dueTime = "";
  if (task.dueAt) {
    const due = new Date(task.dueAt);
    dueDate = `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}`;
    const time = `${pad(due.getHours())}:${pad(due.getMinutes())}`;
    dueTime = time === END_OF_DAY ? "" : time;
  }
  return {
    title: task.title,
    description: task.description ?? "",
    priority: task.priority,
    dueDate,
    dueTime,
    tags: task.tags.join(", "),
  };
}

export function splitTags(text: string): string[] {
  return text
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
}

const FIELD_FOR_PATH: Record<string, TaskFormField> = {
  title: "title",
  description: "description",
  priority: "priority",
  dueAt: "dueDate",
  tags: "tags",
};

/** Server or schema errors, keyed by the form field they belong to (first message per field). */
export function formErrorsFrom(errors: FieldError[]): TaskFormErrors {
  const result: TaskFormErrors = {};
  for (const error of errors) {
    const field = FIELD_FOR_PATH[error.path.split(".")[0] ?? ""];
    if (field && !result[field]) result[field] = `${describeFieldError(error)}.`;
  }
  return result;
}

export type ValidationResult = { ok: true; draft: TaskDraft } | { ok: false; errors: TaskFormErrors };

export async function validateTaskForm(values: TaskFormValues): Promise<ValidationResult> {
  const { createTaskInput, TAGS_MAX } = await loadSchema();
  if (values.dueTime && !values.dueDate) return { ok: false, errors: { dueDate: "Pick a date for that time." } };
  const dueAt = values.dueDate ? new Date(`${values.dueDate}T${values.dueTime || END_OF_DAY}`) : null;
  if (dueAt && Number.isNaN(dueAt.getTime())) return { ok: false, errors: { dueDate: "That date is not valid." } };
  const tags = splitTags(values.tags);
  const parsed = createTaskInput.safeParse({
    title: values.title,
    description: values.description,
    priority: values.priority,
    dueAt: dueAt ? dueAt.toISOString() : null,
    tags,
  });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const formErrors = formErrorsFrom(errors);
    if (formErrors.tags && tags.length > TAGS_MAX) formErrors.tags = `Use at most ${TAGS_MAX} tags.`;
    return { ok: false, errors: formErrors };
  }
  const { title, description, priority, tags: cleanTags } = parsed.data;
  return {
    ok: true,
    draft: {
      title,
      description: description ?? null,
      priority: priority ?? "medium",
      dueAt: parsed.data.dueAt ? parsed.data.dueAt.toISOString() : null,
      tags: cleanTags ?? [],
    },
  };
}
