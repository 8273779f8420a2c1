"use client";

import { useId, useState, type FormEvent, type KeyboardEvent, type RefObject } from "react";
import { PlusIcon, SlidersIcon } from "@/components/icons";
import { FieldMessages, describedBy } from "@/components/ui/field";
import type { ApiError } from "@/lib/client/api-error";
import {
  EMPTY_FORM,
  formErrorsFrom,
  validateTaskForm,
  type TaskFormErrors,
  type TaskFormField,
  type TaskFormValues,
} from "@/lib/client/task-form";
import type { TaskDraft } from "@/lib/shared/task-list";
import { TaskFields } from "./task-fields";

// The composer: type a title and press Enter. Details (description, priority, due date, tags) are
// one click away and stay open for the next task. The form clears at once (the add is optimistic)
// and gets its values back if the server refuses them.

type Props = {
  onAdd: (draft: TaskDraft) => Promise<ApiError | null>;
  titleRef: RefObject<HTMLInputElement | null>;
};

export function NewTaskForm({ onAdd, titleRef }: Props) {
  const id = useId();
  const [values, setValues] = useState<TaskFormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<TaskFormErrors>({});
  const [detailsOpen, setDetailsOpen] = useState(false);
  const titleId = `${id}-title`;
  const detailsId = `${id}-details`;

  const change = (field: TaskFormField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await validateTaskForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      if (!result.errors.title) setDetailsOpen(true);
      titleRef.current?.focus();
      return;
    }
    const submitted = values;
    setValues((current) => ({ ...EMPTY_FORM, priority: current.priority }));
    setErrors({});
    titleRef.current?.focus();
    const error = await onAdd(result.draft);
    if (error) {
      setValues(submitted);
      const fieldErrors = formErrorsFrom(error.errors);
      setErrors(fieldErrors);
      if (Object.keys(fieldErrors).some((field) => field !== "title")) setDetailsOpen(true);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== "Escape" || event.target instanceof HTMLSelectElement) return;
    if (detailsOpen) setDetailsOpen(false);
    else if (values.title) change("title", "");
    else return;
    event.preventDefault();
    titleRef.current?.focus();
  }

  return (
    <form className="composer card" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <div className="composer-row">
        <PlusIcon className="composer-icon" />
        <label htmlFor={titleId} className="sr-only">
          New task
        </label>
        <input
          ref={titleRef}
          id={titleId}
          name="title"
          className="composer-input"
          placeholder="Add a task…"
          autoComplete="off"
          enterKeyHint="done"
          value={values.title}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describedBy(titleId, false, errors.title)}
          onChange={(event) => change("title", event.target.value)}
        />
        <button
          type="button"
          className="icon-button composer-toggle"
          aria-expanded={detailsOpen}
          aria-controls={detailsOpen ? detailsId : undefined}
          onClick={() => setDetailsOpen((open) => !open)}
        >
          <SlidersIcon />
          <span className="sr-only">Details</span>
        </button>
        <button type="submit" className="button button-primary">
          Add task
        </button>
      </div>
      <FieldMessages id={titleId} error={errors.title} />
      {detailsOpen ? (
        <div id={detailsId} className="composer-details">
          <TaskFields values={values} errors={errors} onChange={change} />
        </div>
      ) : null}
    </form>
  );
}
