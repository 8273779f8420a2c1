"use client";

import { useDeferredValue } from "react";
import { EmptyIllustration, RefreshIcon } from "@/components/icons";
import type { DueDescription } from "@/lib/shared/due";
import type { Task } from "@/lib/shared/task-list";
import { TaskItem } from "./task-item";
import type { TaskList } from "./use-tasks";

// The list and its states: loading (skeleton rows the size of real ones, so nothing jumps when
// data arrives), error, empty, filtered-to-nothing, and the list with "Load more" over the cursor.

type Props = {
  list: TaskList;
  /** The list as shown: the server's tasks with the pending optimistic changes applied. */
  tasks: Task[];
  total: number | undefined;
  filtered: boolean;
  /** Null until the page runs in the browser (see useNow). */
  now: Date | null;
  /** How the server worded the first page's due dates, for the render before `now` is known. */
  firstDue: Record<string, DueDescription> | null;
  onToggle: (task: Task) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  onTagClick: (tag: string) => void;
  onClearFilters: () => void;
};

function Skeleton() {
  return (
    <>
      <p className="sr-only" role="status">
        Loading tasks…
      </p>
      <ul className="task-list card skeleton" aria-hidden="true">
        {[72, 54, 64, 46].map((width) => (
          <li key={width} className="task">
            <span className="check skeleton-block" />
            <div className="task-body">
              <span className="skeleton-line" data-width={width} />
              <span className="skeleton-line skeleton-line-short" />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function TaskListView({ list, tasks, total, filtered, now, firstDue, onToggle, onEdit, onDelete, onTagClick, onClearFilters }: Props) {
  // The first page of tasks replaces the skeleton in a background render, which React splits into
  // slices of a few milliseconds: building twenty rows at once would block the page (and any tap)
  // for one long task while it loads. Every later change (a toggle, a filter) still renders at once.
  const loaded = useDeferredValue(list.pages !== undefined);

  if (!list.pages && list.error) {
    return (
      <div className="state card" role="alert">
        <p className="state-title">We couldn&apos;t load your tasks.</p>
        <p className="state-text">{list.error.message}</p>
        <button type="button" className="button button-secondary" onClick={() => void list.mutate()}>
          <RefreshIcon width={18} height={18} />
          Try again
        </button>
      </div>
    );
  }

  // (A task added before anything loaded shows at once; the skeleton covers only an empty wait.)
  if (list.pages ? !loaded : tasks.length === 0) return <Skeleton />;

  if (tasks.length === 0) {
    return filtered ? (
      <div className="state card">
        <p className="state-title">Nothing matches these filters.</p>
        <p className="state-text">Try a different search, or show everything again.</p>
        <button type="button" className="button button-secondary" onClick={onClearFilters}>
          Clear filters
        </button>
      </div>
    ) : (
      <div className="state card">
        <EmptyIllustration />
        <p className="state-title">Your list is clear.</p>
        <p className="state-text">
          Add your first task above. Press <kbd>N</kbd> to jump there, <kbd>/</kbd> to search.
        </p>
      </div>
    );
  }

  return (
    <>
      {list.error ? (
        <div className="inline-alert" role="alert">
          <p>Couldn&apos;t refresh your tasks. {list.error.message}</p>
          <button type="button" className="button button-ghost" onClick={() => void list.mutate()}>
            Retry
          </button>
        </div>
      ) : null}
      <ul className="task-list card" aria-label="Tasks">
        {tasks.map((task) => (
          <TaskItem
            key={task.id}
            task={task}
            now={now}
            firstDue={firstDue}
            onToggle={onToggle}
            onEdit={onEdit}
            onDelete={onDelete}
            onTagClick={onTagClick}
          />
        ))}
      </ul>
      <div className="list-footer">
        <p className="list-count">
          Showing {tasks.length} of {Math.max(total ?? 0, tasks.length)}
        </p>
        {list.hasMore ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={list.isLoadingMore}
            aria-busy={list.isLoadingMore || undefined}
            onClick={() => void list.loadMore()}
          >
            {list.isLoadingMore ? <span className="spinner" aria-hidden="true" /> : null}
            Load more
          </button>
        ) : null}
      </div>
    </>
  );
}
