"use client";

import { useId, type KeyboardEvent } from "react";
import { FieldMessages, describedBy } from "@/components/ui/field";
import type { TaskFormErrors, TaskFormField, TaskFormValues } from "@/lib/client/task-form";
import type { Priority } from "@/lib/shared/task-list";

// The optional fields of a task (description, priority, due date and time, tags), shared by the
// composer and the editor dialog. Ctrl/⌘+Enter in the description submits, as Enter does elsewhere.

type Props = {
  values: TaskFormValues;
  errors: TaskFormErrors;
  onChange: (field: TaskFormField, value: string) => void;
};

export const PRIORITY_LABELS: Record<Priority, string> = { high: "High", medium: "Medium", low: "Low" };

function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

export function TaskFields({ values, errors, onChange }: Props) {
  const id = useId();
  const ids = {
    description: `${id}-description`,
    priority: `${id}-priority`,
    dueDate: `${id}-due-date`,
    dueTime: `${id}-due-time`,
    tags: `${id}-tags`,
  };
  return (
    <div className="task-fields">
      <div className="field">
        <label className="field-label" htmlFor={ids.description}>
          Description
        </label>
        <textarea
          id={ids.description}
          name="description"
          className="input textarea"
          rows={3}
          value={values.description}
          placeholder="Notes, links, details…"
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy(ids.description, false, errors.description)}
          onChange={(event) => onChange("description", event.target.value)}
          onKeyDown={submitOnModEnter}
        />
        <FieldMessages id={ids.description} error={errors.description} />
      </div>
      <div className="field-row">
        <div className="field">
          <label className="field-label" htmlFor={ids.priority}>
            Priority
          </label>
          <select
            id={ids.priority}
            name="priority"
            className="input select"
            value={values.priority}
            onChange={(event) => onChange("priority", event.target.value)}
          >
            {(["high", "medium", "low"] as const).map((priority) => (
              <option key={priority} value={priority}>
                {PRIORITY_LABELS[priority]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.dueDate}>
            Due date
          </label>
          <input
            id={ids.dueDate}
            name="dueDate"
            type="date"
            className="input"
            value={values.dueDate}
            aria-invalid={errors.dueDate ? true : undefined}
            aria-describedby={describedBy(ids.dueDate, false, errors.dueDate)}
            onChange={(event) => onChange("dueDate", event.target.value)}
          />
          <FieldMessages id={ids.dueDate} error={errors.dueDate} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.dueTime}>
            Time <span className="optional">(optional)</span>
          </label>
          <input
            id={ids.dueTime}
            name="dueTime"
            type="time"
            className="input"
            value={values.dueTime}
            onChange={(event) => onChange("dueTime", event.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.tags}>
          Tags
        </label>
        <input
          id={ids.tags}
          name="tags"
          className="input"
          value={values.tags}
          placeholder="work, errands"
          autoComplete="off"
          aria-invalid={errors.tags ? true : undefined}
          aria-describedby={describedBy(ids.tags, true, errors.tags)}
          onChange={(event) => onChange("tags", event.target.value)}
        />
        <FieldMessages id={ids.tags} hint="Separate tags with commas." error={errors.tags} />
      </div>
    </div>
  );
}
