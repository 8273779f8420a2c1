"use client";

import { useCallback, useEffect, useMemo } from "react";
import useSWR, { useSWRConfig } from "swr";
import useSWRInfinite, { unstable_serialize } from "swr/infinite";
import type { ApiError } from "@/lib/client/api-error";
import { COMPLETED_COUNT_PATH, PENDING_COUNT_PATH, listPath, type Task, type TaskFilters, type TaskPage } from "@/lib/shared/task-list";

// Reading tasks: the filtered list, walked page by page over the API's cursor, and the pending and
// completed counts (the API's `count` with a status filter and a one-row page).

export type Pages = TaskPage[] | undefined;

export function useTaskList(filters: TaskFilters) {
  const getKey = useCallback(
    (index: number, previous: TaskPage | null) => {
      if (index > 0 && !previous?.nextCursor) return null;
      return listPath(filters, { cursor: index === 0 ? null : previous?.nextCursor });
    },
    [filters],
  );
  const { data, error, size, setSize, isLoading, isValidating, mutate } = useSWRInfinite<TaskPage, ApiError>(getKey, {
    revalidateFirstPage: false,
  });

  const tasks = useMemo(() => {
    // A task can sit on two pages if it moved between fetches; show it once.
    const seen = new Set<string>();
    return (data ?? []).flatMap((page) => page.data).filter((task) => !seen.has(task.id) && seen.add(task.id));
  }, [data]);

  const lastPage = data?.at(-1);
  return {
    tasks,
    pages: data,
    total: data?.[0]?.count,
    error,
    isLoading,
    isValidating,
    isLoadingMore: Boolean(data) && size > (data?.length ?? 0),
    hasMore: Boolean(lastPage?.nextCursor),
    loadMore: () => setSize((current) => current + 1),
    mutate,
  };
}

export type TaskList = ReturnType<typeof useTaskList>;

/** All of the user's tasks, pending and completed, whatever the list is filtered by. */
export function useTaskCounts() {
  const pending = useSWR<TaskPage, ApiError>(PENDING_COUNT_PATH);
  const completed = useSWR<TaskPage, ApiError>(COMPLETED_COUNT_PATH);
  const { mutate: mutatePending } = pending;
  const { mutate: mutateCompleted } = completed;

  const adjust = useCallback(
    (pendingDelta: number, completedDelta: number) => {
      const shift = (delta: number) => (page: TaskPage | undefined) =>
        page ? { ...page, count: Math.max(0, page.count + delta) } : page;
      if (pendingDelta) void mutatePending(shift(pendingDelta), { revalidate: false });
      if (completedDelta) void mutateCompleted(shift(completedDelta), { revalidate: false });
    },
    [mutatePending, mutateCompleted],
  );

  const revalidate = useCallback(() => {
    void mutatePending();
    void mutateCompleted();
  }, [mutatePending, mutateCompleted]);

  const pendingCount = pending.data?.count;
  const completedCount = completed.data?.count;
  return useMemo(
    () => ({ pending: pendingCount, completed: completedCount, adjust, revalidate }),
    [pendingCount, completedCount, adjust, revalidate],
  );
}

export type TaskCounts = ReturnType<typeof useTaskCounts>;

/**
 * Pages the server already read (keyed by API path) as SWR data. They are the `fallback` of the
 * first render, which the server renders with and hydration matches, and are not fetched again on
 * mount; right after hydration they go into the cache, where the optimistic edits (which read and
 * change cached pages) find them. Each path serves as a plain key (the counts) and as the first
 * page of useSWRInfinite (the list).
 */
export function useFirstPages(pages: Record<string, TaskPage> | null) {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    for (const [path, page] of Object.entries(pages ?? {})) {
      void mutate(path, page, { revalidate: false });
      void mutate(unstable_serialize(() => path), [page], { revalidate: false });
    }
  }, [pages, mutate]);
  return useMemo(() => {
    if (!pages) return {};
    const fallback: Record<string, unknown> = {};
    for (const [path, page] of Object.entries(pages)) {
      fallback[path] = page;
      fallback[unstable_serialize(() => path)] = [page];
    }
    return { fallback, revalidateOnMount: false };
  }, [pages]);
}

// Pure edits of the cached pages, used for optimistic updates.

export function replaceTask(pages: Pages, id: string, next: Task): Pages {
  return pages?.map((page) => ({ ...page, data: page.data.map((task) => (task.id === id ? next : task)) }));
}

export function removeTask(pages: Pages, id: string): Pages {
  const present = pages?.some((page) => page.data.some((task) => task.id === id));
  if (!present) return pages;
  return pages?.map((page) => ({ ...page, count: Math.max(0, page.count - 1), data: page.data.filter((task) => task.id !== id) }));
}

export function prependTask(pages: Pages, task: Task): Pages {
  if (!pages || pages.length === 0) return [{ data: [task], count: 1, nextCursor: null }];
  return pages.map((page, index) => ({
    ...page,
    count: page.count + 1,
    data: index === 0 ? [task, ...page.data] : page.data,
  }));
}
