"use client";

import { memo, useId } from "react";
import { CalendarIcon, CheckIcon, FlagIcon, PencilIcon, TrashIcon } from "@/components/icons";
import { describeDue, type DueDescription } from "@/lib/shared/due";
import type { Task } from "@/lib/shared/task-list";
import { PRIORITY_LABELS } from "./task-fields";

// One task. The checkbox's accessible name is exactly the title (the tests find it by that name); everything else in the
// row describes it. User text is only ever rendered as React text children, never as HTML.

type Props = {
  task: Task;
  now: Date | null;
  firstDue: Record<string, DueDescription> | null;
  onToggle: (task: Task) => void;
  onEdit: (task: Task) => void;
  onDelete: (task: Task) => void;
  onTagClick: (tag: string) => void;
};

export function checkboxId(taskId: string): string {
  return `task-${taskId}-done`;
}

export const TaskItem = memo(function TaskItem({ task, now, firstDue, onToggle, onEdit, onDelete, onTagClick }: Props) {
  const titleId = useId();
  const saving = task.id.startsWith("pending-");
  // Until the browser's clock is in (see useNow), the server's wording, or none.
  const due = task.dueAt ? (now ? describeDue(task.dueAt, task.completed, now) : (firstDue?.[task.id] ?? null)) : null;

  return (
    <li className="task" data-completed={task.completed} data-due={due?.state} aria-busy={saving || undefined}>
      <label className="check">
        <input
          id={checkboxId(task.id)}
          type="checkbox"
          className="check-input"
          aria-labelledby={titleId}
          checked={task.completed}
          disabled={saving}
          onChange={() => onToggle(task)}
        />
        <CheckIcon className="check-mark" width={14} height={14} />
      </label>
      <div className="task-body">
        <p id={titleId} className="task-title">
          {task.title}
        </p>
        {task.description ? <p className="task-description">{task.description}</p> : null}
        {task.priority !== "medium" || task.dueAt || task.tags.length > 0 ? (
          <div className="task-meta">
            {task.priority !== "medium" ? (
              <span className="badge" data-priority={task.priority}>
                <FlagIcon width={14} height={14} />
                {PRIORITY_LABELS[task.priority]}
                <span className="sr-only"> priority</span>
              </span>
            ) : null}
            {task.dueAt ? (
              <span className="badge" data-due={due?.state} title={due?.full}>
                <CalendarIcon width={14} height={14} />
                {/* "Due" holds the place only when the server could not word it (no zone cookie yet). */}
                <time dateTime={task.dueAt}>{due?.label ?? "Due"}</time>
              </span>
            ) : null}
            {task.tags.map((tag) => (
              <button
                key={tag}
                type="button"
                className="tag"
                aria-label={`Show tasks tagged ${tag}`}
                title="Show tasks with this tag"
                onClick={() => onTagClick(tag)}
              >
                #{tag}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <div className="task-actions">
        {/* aria-label rather than hidden text, so a search for the title's text finds the title only. */}
        <button
          type="button"
          className="icon-button"
          aria-label={`Edit ${task.title}`}
          title="Edit"
          disabled={saving}
          onClick={() => onEdit(task)}
        >
          <PencilIcon width={18} height={18} />
        </button>
        <button
          type="button"
          className="icon-button icon-button-danger"
          aria-label={`Delete ${task.title}`}
          title="Delete"
          disabled={saving}
          onClick={() => onDelete(task)}
        >
          <TrashIcon width={18} height={18} />
        </button>
      </div>
    </li>
  );
});
