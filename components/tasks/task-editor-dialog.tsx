"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { CloseIcon } from "@/components/icons";
import { FieldMessages, describedBy } from "@/components/ui/field";
import {
  validateTaskForm,
  type TaskFormErrors,
  type TaskFormField,
  type TaskFormValues,
} from "@/lib/client/task-form";
import type { TaskDraft } from "@/lib/shared/task-list";
import { TaskFields } from "./task-fields";

// Editing happens in a native modal <dialog>: the browser traps focus, makes the page behind it
// inert, closes it on Escape (cancel) and returns focus to the Edit button. Enter in a field saves.

type Props = {
  initialValues: TaskFormValues;
  onSave: (draft: TaskDraft) => void;
  onClose: () => void;
};

export function TaskEditorDialog({ initialValues, onSave, onClose }: Props) {
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<TaskFormErrors>({});
  const titleId = `${id}-title`;
  const headingId = `${id}-heading`;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const input = titleRef.current;
    input?.focus();
    input?.setSelectionRange(input.value.length, input.value.length);
    // No cleanup: every way out calls close() first, whose close event unmounts this component.
  }, []);

  const change = (field: TaskFormField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await validateTaskForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      const firstField = Object.keys(result.errors)[0];
      dialogRef.current?.querySelector<HTMLElement>(`[name="${firstField}"]`)?.focus();
      return;
    }
    onSave(result.draft);
    dialogRef.current?.close();
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={headingId} onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <header className="dialog-header">
          <h2 id={headingId}>Edit task</h2>
          <button type="button" className="icon-button" onClick={() => dialogRef.current?.close()}>
            <CloseIcon />
            <span className="sr-only">Close</span>
          </button>
        </header>
        <div className="dialog-body">
          <div className="field">
            <label className="field-label" htmlFor={titleId}>
              Title
            </label>
            <input
              ref={titleRef}
              id={titleId}
              name="title"
              className="input"
              autoComplete="off"
              value={values.title}
              aria-invalid={errors.title ? true : undefined}
              aria-describedby={describedBy(titleId, false, errors.title)}
              onChange={(event) => change("title", event.target.value)}
            />
            <FieldMessages id={titleId} error={errors.title} />
          </div>
          <TaskFields values={values} errors={errors} onChange={change} />
        </div>
        <footer className="dialog-footer">
          <p className="dialog-hint" aria-hidden="true">
            <kbd>Enter</kbd> to save · <kbd>Esc</kbd> to cancel
          </p>
          <button type="button" className="button button-ghost" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            Save
          </button>
        </footer>
      </form>
    </dialog>
  );
}
