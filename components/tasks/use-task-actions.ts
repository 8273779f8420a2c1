"use client";

import { useCallback, useMemo, useState } from "react";
import { useToast } from "@/components/ui/toaster";
import { ApiError, describeError } from "@/lib/client/api-error";
import { tasksApi } from "@/lib/client/tasks-api";
import { matchesFilters, type Task, type TaskDraft, type TaskFilters } from "@/lib/shared/task-list";
import { prependTask, removeTask, replaceTask, type TaskCounts, type TaskList } from "./use-tasks";

// Every write is optimistic. A write in flight is a pending operation laid over the server's data
// when the list renders, so the screen changes at once and stays changed however many refetches
// land meanwhile. When the server answers, the answer goes into the cache and the operation is
// dropped in the same render; when it refuses, dropping the operation *is* the rollback, and a
// role="alert" toast says what happened. Afterwards list and counts are fetched again, so the
// server has the last word on order, filters and timestamps.

type PendingOperation =
  | { id: number; kind: "add"; task: Task; visible: boolean }
  | { id: number; kind: "update"; task: Task; before: Task }
  | { id: number; kind: "remove"; task: Task };

type Options = {
  list: TaskList;
  counts: TaskCounts;
  filters: TaskFilters;
  onEditAgain: (task: Task, draft: TaskDraft) => void;
};

let operationIds = 0;

/** The server's tasks as they will be once the pending operations succeed. */
function applyPending(tasks: Task[], operations: PendingOperation[]): Task[] {
  let result = tasks;
  for (const operation of operations) {
    if (operation.kind === "add") result = operation.visible ? [operation.task, ...result] : result;
    else if (operation.kind === "update") result = result.map((task) => (task.id === operation.task.id ? operation.task : task));
    else result = result.filter((task) => task.id !== operation.task.id);
  }
  return result;
}

/** How an operation moves the pending and completed counts. */
function countDelta(operation: PendingOperation): [pending: number, completed: number] {
  const sign = operation.kind === "remove" ? -1 : 1;
  if (operation.kind === "update") {
    if (operation.task.completed === operation.before.completed) return [0, 0];
    return operation.task.completed ? [-1, 1] : [1, -1];
  }
  return operation.task.completed ? [0, sign] : [sign, 0];
}

/** The fields of `draft` that differ from `task`: PUT sends only what the person changed. */
function changedFields(task: Task, draft: TaskDraft): Partial<TaskDraft> {
  const changes: Partial<TaskDraft> = {};
  if (draft.title !== task.title) changes.title = draft.title;
  if (draft.description !== task.description) changes.description = draft.description;
  if (draft.priority !== task.priority) changes.priority = draft.priority;
  if ((draft.dueAt ? Date.parse(draft.dueAt) : null) !== (task.dueAt ? Date.parse(task.dueAt) : null)) changes.dueAt = draft.dueAt;
  if (draft.tags.join("\u0000") !== task.tags.join("\u0000")) changes.tags = draft.tags;
  return changes;
}

export function useTaskActions({ list, counts, filters, onEditAgain }: Options) {
  const toast = useToast();
  const [operations, setOperations] = useState<PendingOperation[]>([]);
  const { mutate } = list;
  const { adjust, revalidate } = counts;

  /**
   * Shows `operation` at once, runs `request`, then either writes its result into the cache (in the
   * same render as the operation disappears, so nothing flickers) or just drops the operation.
   */
  const run = useCallback(
    async <T>(operation: PendingOperation, request: () => Promise<T>, commit: (result: T) => void): Promise<T> => {
      setOperations((current) => [...current, operation]);
      const settle = () => setOperations((current) => current.filter((other) => other.id !== operation.id));
      try {
        const result = await request();
        commit(result);
        adjust(...countDelta(operation));
        settle();
        return result;
      } catch (error) {
        settle();
        throw error;
      } finally {
        void mutate();
        revalidate();
      }
    },
    [mutate, adjust, revalidate],
  );

  const actions = useMemo(() => {
    function create(draft: TaskDraft, completed = false): Promise<Task> {
      const now = new Date().toISOString();
      const id = ++operationIds;
      const placeholder: Task = {
        ...draft,
        id: `pending-${id}`,
        completed,
        completedAt: completed ? now : null,
        createdAt: now,
        updatedAt: now,
      };
      const visible = matchesFilters(placeholder, filters);
      return run(
        { id, kind: "add", task: placeholder, visible },
        async () => {
          const saved = await tasksApi.create(draft);
          return completed ? tasksApi.setCompleted(saved.id, true) : saved;
        },
        (saved) => {
          if (visible) void mutate((pages) => prependTask(pages, saved), { revalidate: false });
        },
      );
    }

    return {
      /** Adds a task; resolves to the error (for the form to show) or null. */
      async add(draft: TaskDraft): Promise<ApiError | null> {
        try {
          await create(draft);
          return null;
        } catch (error) {
          toast.error(`Couldn't add “${draft.title}”. ${describeError(error)}`);
          return error instanceof ApiError ? error : new ApiError(0, "unknown", describeError(error));
        }
      },

      async toggle(task: Task): Promise<void> {
        const completed = !task.completed;
        const optimistic: Task = { ...task, completed, completedAt: completed ? new Date().toISOString() : null };
        try {
          await run(
            { id: ++operationIds, kind: "update", task: optimistic, before: task },
            () => tasksApi.setCompleted(task.id, completed),
            (saved) => void mutate((pages) => replaceTask(pages, task.id, saved), { revalidate: false }),
          );
        } catch (error) {
          toast.error(`Couldn't mark “${task.title}” as ${completed ? "done" : "not done"}. ${describeError(error)}`);
        }
      },

      async save(task: Task, draft: TaskDraft): Promise<void> {
        const changes = changedFields(task, draft);
        if (Object.keys(changes).length === 0) return;
        const optimistic: Task = { ...task, ...changes, updatedAt: new Date().toISOString() };
        try {
          await run(
            { id: ++operationIds, kind: "update", task: optimistic, before: task },
            () => tasksApi.update(task.id, changes),
            (saved) => void mutate((pages) => replaceTask(pages, task.id, saved), { revalidate: false }),
          );
        } catch (error) {
          toast.error(`Couldn't save changes to “${task.title}”. ${describeError(error)}`, {
            label: "Edit again",
            onAction: () => onEditAgain(task, draft),
          });
        }
      },

      async remove(task: Task): Promise<void> {
        const commit = () => void mutate((pages) => removeTask(pages, task.id), { revalidate: false });
        try {
          await run({ id: ++operationIds, kind: "remove", task }, () => tasksApi.remove(task.id), commit);
        } catch (error) {
          // Already gone (deleted in another tab or on another device): that is what the person wanted.
          if (!(error instanceof ApiError && error.status === 404)) {
            toast.error(`Couldn't delete “${task.title}”. ${describeError(error)}`);
            return;
          }
          commit();
        }
        const { title, description, priority, dueAt, tags } = task;
        toast.success(`Deleted “${task.title}”.`, {
          label: "Undo",
          onAction: () => {
            create({ title, description, priority, dueAt, tags }, task.completed).catch((error: unknown) =>
              toast.error(`Couldn't restore “${task.title}”. ${describeError(error)}`),
            );
          },
        });
      },
    };
  }, [run, mutate, filters, toast, onEditAgain]);

  const tasks = useMemo(() => applyPending(list.tasks, operations), [list.tasks, operations]);
  const pendingCounts = useMemo(() => {
    let pending = counts.pending;
    let completed = counts.completed;
    let total = list.total;
    for (const operation of operations) {
      const [pendingDelta, completedDelta] = countDelta(operation);
      if (pending !== undefined) pending += pendingDelta;
      if (completed !== undefined) completed += completedDelta;
      if (total !== undefined && operation.kind === "add" && operation.visible) total += 1;
      if (total !== undefined && operation.kind === "remove") total -= 1;
    }
    return { pending, completed, total };
  }, [counts.pending, counts.completed, list.total, operations]);

  return { ...actions, tasks, counts: pendingCounts };
}

export type TaskActions = ReturnType<typeof useTaskActions>;
