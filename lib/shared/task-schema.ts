import { z } from "zod";

// The one definition of a task's shape: the handlers validate with it, the UI's forms reuse it, and
// /api/openapi.json is generated from it. Lengths count Unicode code points, as Postgres does.

export const PRIORITIES = ["low", "medium", "high"] as const;
export const SORTS = ["created", "updated", "title", "due", "priority"] as const;
export const STATUSES = ["all", "pending", "completed"] as const;

export const TITLE_MAX = 255;
export const DESCRIPTION_MAX = 2000;
export const TAGS_MAX = 10;
export const TAG_MAX = 32;
export const QUERY_MAX = 200;
export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 20;

const codePoints = (value: string) => [...value].length;
// U+0000 cannot be stored in Postgres text, and a lone surrogate is not a character at all.
const isStorableText = (value: string) => !value.includes("\u0000") && value.isWellFormed();

/** A trimmed string of `min`–`max` code points. `maxLength` in JSON Schema also counts code points. */
function text(min: number, max: number) {
  return z
    .string()
    .trim()
    .refine(isStorableText, "must not contain NUL characters or unpaired surrogates")
    .refine((value) => codePoints(value) >= min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .refine((value) => codePoints(value) <= max, `must be at most ${max} characters`)
    .meta({ minLength: min, maxLength: max });
}

export const priority = z.enum(PRIORITIES).meta({ description: "Task priority.", example: "medium" });

const title = text(1, TITLE_MAX).meta({ description: "Trimmed; 1–255 characters.", example: "Buy milk" });

const description = z
  .union([text(0, DESCRIPTION_MAX), z.null()])
  .transform((value) => (value === "" ? null : value))
  .meta({ description: "Trimmed; at most 2000 characters. Empty becomes null." });

const tag = text(1, TAG_MAX).transform((value) => value.toLowerCase());

const tags = z
  .array(tag)
  .max(TAGS_MAX, `must have at most ${TAGS_MAX} tags`)
  .transform((values) => [...new Set(values)])
  .meta({ description: "Up to 10 tags; each trimmed, lower-cased, 1–32 characters; duplicates collapse." });

const dueAt = z
  .union([z.iso.datetime({ offset: true }), z.null()])
  .transform((value) => (value === null ? null : new Date(value)))
  .meta({ description: "ISO 8601 date-time with offset, or null." });

export const createTaskInput = z
  .strictObject({
    title,
    description: description.optional(),
    priority: priority.optional(),
    dueAt: dueAt.optional(),
    tags: tags.optional(),
  })
  .meta({ id: "CreateTask" });

export const updateTaskInput = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    completed: z.boolean().optional(),
    priority: priority.optional(),
    dueAt: dueAt.optional(),
    tags: tags.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, "must change at least one field")
  .meta({ id: "UpdateTask" });

export const setCompletionInput = z.strictObject({ completed: z.boolean() }).meta({ id: "SetCompletion" });

export type CreateTaskInput = z.output<typeof createTaskInput>;
export type UpdateTaskInput = z.output<typeof updateTaskInput>;

export const taskId = z.uuid();

const isoDateTime = z.iso.datetime().meta({ example: "2026-11-24T09:30:00.000Z" });

export const task = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    completed: z.boolean(),
    completedAt: isoDateTime.nullable(),
    priority,
    dueAt: isoDateTime.nullable(),
    tags: z.array(z.string()),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: "Task" });

export const taskPage = z
  .object({
    data: z.array(task),
    count: z.int().nonnegative().meta({ description: "Tasks matching the filters, on every page." }),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
  })
  .meta({ id: "TaskPage" });

export type Task = z.infer<typeof task>;
export type TaskPage = z.infer<typeof taskPage>;

// Query parameters arrive as strings; repeated ones (priority, tag) as arrays.
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

export const listTasksQuery = z
  .strictObject({
    status: z.enum(STATUSES).default("all"),
    q: z
      .string()
      .trim()
      .refine(isStorableText, "must not contain NUL characters or unpaired surrogates")
      .refine((value) => codePoints(value) <= QUERY_MAX, `must be at most ${QUERY_MAX} characters`)
      .meta({ maxLength: QUERY_MAX, description: "Case-insensitive substring of title or description." })
      .optional(),
    priority: oneOrMany(z.string())
      .transform((values) => values.flatMap((value) => value.split(",")).map((value) => value.trim()))
      .pipe(z.array(priority))
      .meta({
        description: "One or more priorities: repeat the parameter or give a comma list (`high,medium`).",
        override: { type: "array", items: { type: "string", enum: [...PRIORITIES] } },
      })
      .optional(),
    tag: oneOrMany(tag)
      .meta({
        description: "Repeatable; a task must carry every tag given.",
        override: { type: "array", items: { type: "string", minLength: 1, maxLength: TAG_MAX } },
      })
      .optional(),
    dueBefore: z.iso.datetime({ offset: true }).transform((value) => new Date(value)).optional(),
    dueAfter: z.iso.datetime({ offset: true }).transform((value) => new Date(value)).optional(),
    sort: z.enum(SORTS).default("created"),
    order: z
      .enum(["asc", "desc"])
      .meta({ description: "Default: desc for created, updated and priority; asc for title and due." })
      .optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, `must be an integer from 1 to ${PAGE_LIMIT_MAX}`)
      .transform(Number)
      .pipe(z.int().min(1, `must be an integer from 1 to ${PAGE_LIMIT_MAX}`).max(PAGE_LIMIT_MAX, `must be an integer from 1 to ${PAGE_LIMIT_MAX}`))
      .meta({
        description: `Page size, 1–${PAGE_LIMIT_MAX}.`,
        override: { type: "integer", minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT },
      })
      .optional(),
    cursor: z.string().max(1024).meta({ description: "Opaque cursor from `nextCursor`." }).optional(),
  })
  .meta({ id: "ListTasksQuery" });

export type ListTasksQuery = z.output<typeof listTasksQuery>;

/** Default direction per sort key: newest first for time and priority, A–Z and soonest-due first. */
export function defaultOrder(sort: (typeof SORTS)[number]): "asc" | "desc" {
  return sort === "title" || sort === "due" ? "asc" : "desc";
}
