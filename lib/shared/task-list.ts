import type { PRIORITIES, STATUSES, Task, TaskPage } from "@/lib/shared/task-schema";

// The task list as both the server and the browser see it: filters, sort options, and the list URL
// for a set of filters (also the SWR cache key, and the paths the server prefetches for the page).

export type { Task, TaskPage };
export type Priority = (typeof PRIORITIES)[number];
export type StatusFilter = (typeof STATUSES)[number];

export const SORT_OPTIONS = [
  { value: "newest", label: "Newest", sort: "created", order: "desc" },
  { value: "oldest", label: "Oldest", sort: "created", order: "asc" },
  { value: "updated", label: "Recently updated", sort: "updated", order: "desc" },
  { value: "due", label: "Due date", sort: "due", order: "asc" },
  { value: "priority", label: "Priority", sort: "priority", order: "desc" },
  { value: "title", label: "Title", sort: "title", order: "asc" },
] as const;

export type SortOption = (typeof SORT_OPTIONS)[number]["value"];

export type TaskFilters = {
  q: string;
  status: StatusFilter;
  priority: Priority | "any";
  tags: string[];
  sort: SortOption;
};

export const DEFAULT_FILTERS: TaskFilters = { q: "", status: "all", priority: "any", tags: [], sort: "newest" };

export const PAGE_SIZE = 20;

// The API's limit on `q` (QUERY_MAX in lib/shared/task-schema.ts). Repeated here because importing that
// module pulls all of zod into the first page load; the forms load it on demand instead.
export const SEARCH_MAX = 200;

/** True when anything narrows the list (the sort order does not). */
export function isFiltered(filters: TaskFilters): boolean {
  return filters.q.trim() !== "" || filters.status !== "all" || filters.priority !== "any" || filters.tags.length > 0;
}

/** `/api/tasks?…` for these filters; also the SWR key, so equal filters share one cache entry. */
export function listPath(
  filters: TaskFilters,
  page: { limit?: number; cursor?: string | null; status?: StatusFilter } = {},
): string {
  const params = new URLSearchParams();
  const status = page.status ?? filters.status;
  if (status !== "all") params.set("status", status);
  const q = filters.q.trim();
  if (q) params.set("q", q);
  if (filters.priority !== "any") params.set("priority", filters.priority);
  for (const tag of filters.tags) params.append("tag", tag);
  const sort = SORT_OPTIONS.find((option) => option.value === filters.sort) ?? SORT_OPTIONS[0];
  params.set("sort", sort.sort);
  params.set("order", sort.order);
  params.set("limit", String(page.limit ?? PAGE_SIZE));
  if (page.cursor) params.set("cursor", page.cursor);
  return `/api/tasks?${params}`;
}

/** One-row lists of all pending and all completed tasks: their `count`s are the page's totals. */
export const PENDING_COUNT_PATH = listPath(DEFAULT_FILTERS, { status: "pending", limit: 1 });
export const COMPLETED_COUNT_PATH = listPath(DEFAULT_FILTERS, { status: "completed", limit: 1 });

/** What the forms send: the API's create/update body with every field present. */
export type TaskDraft = {
  title: string;
  description: string | null;
  priority: Priority;
  dueAt: string | null;
  tags: string[];
};

/** Whether a task (e.g. one just added) belongs in a list with these filters. */
export function matchesFilters(task: Task, filters: TaskFilters): boolean {
  if (filters.status === "pending" && task.completed) return false;
  if (filters.status === "completed" && !task.completed) return false;
  if (filters.priority !== "any" && task.priority !== filters.priority) return false;
  if (!filters.tags.every((tag) => task.tags.includes(tag))) return false;
  const q = filters.q.trim().toLowerCase();
  if (q && !task.title.toLowerCase().includes(q) && !(task.description ?? "").toLowerCase().includes(q)) return false;
  return true;
}
