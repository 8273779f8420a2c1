"use client";

import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import { SWRConfig } from "swr";
import type { DueDescription } from "@/lib/shared/due";
import { preloadTaskSchema, valuesFromTask, type TaskFormValues } from "@/lib/client/task-form";
import { DEFAULT_FILTERS, isFiltered, type Task, type TaskDraft, type TaskFilters, type TaskPage } from "@/lib/shared/task-list";
import { getToken } from "@/lib/client/token";
import { rememberZone } from "@/lib/client/remember-zone";
import { NewTaskForm } from "./new-task-form";
import { TaskEditorDialog } from "./task-editor-dialog";
import { checkboxId } from "./task-item";
import { TaskListView } from "./task-list-view";
import { TaskToolbar } from "./task-toolbar";
import { useTaskActions } from "./use-task-actions";
import { useFirstPages, useTaskCounts, useTaskList } from "./use-tasks";

type Editing = { task: Task; values: TaskFormValues; returnFocus: HTMLElement | null };

/**
 * The current time, ticking each minute, so "overdue" and "due soon" stay true while the page is
 * open. Null while the server renders and the browser hydrates, which both word due dates the
 * server's way (see FirstView.due); the browser's own wording follows in a background render.
 */
function useNow(intervalMs = 60_000): Date | null {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    const tick = () => startTransition(() => setNow(new Date()));
    tick();
    const timer = window.setInterval(tick, intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset"]);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function Summary({ pending, completed }: { pending?: number; completed?: number }) {
  const known = pending !== undefined && completed !== undefined;
  const total = (pending ?? 0) + (completed ?? 0);
  const done = known && total > 0 ? Math.round(((completed ?? 0) / total) * 100) : 0;
  return (
    <div className="summary">
      <p className="summary-text">
        <span className="summary-number">{pending ?? "–"}</span> pending
        <span aria-hidden="true"> · </span>
        <span className="summary-number">{completed ?? "–"}</span> completed
      </p>
      <div className="progress" aria-hidden="true">
        <div className="progress-bar" data-known={known} data-percent={Math.round(done / 5) * 5} />
      </div>
    </div>
  );
}

type Props = {
  /** The first list and counts, when the server could read them (keyed by API path). */
  firstPages: Record<string, TaskPage> | null;
  /** How the server worded their due dates (task id → description), when it knew the reader's zone. */
  firstDue: Record<string, DueDescription> | null;
};

export function TaskWorkspace({ firstPages, firstDue }: Props) {
  const swrConfig = useFirstPages(firstPages);
  return (
    <SWRConfig value={swrConfig}>
      <Workspace firstDue={firstDue} />
    </SWRConfig>
  );
}

function Workspace({ firstDue }: { firstDue: Record<string, DueDescription> | null }) {
  const [filters, setFilters] = useState<TaskFilters>(DEFAULT_FILTERS);
  const [editing, setEditing] = useState<Editing | null>(null);
  const list = useTaskList(filters);
  const counts = useTaskCounts();
  const now = useNow();
  const newTaskRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const editAgain = useCallback((task: Task, draft: TaskDraft) => {
    setEditing({ task, values: valuesFromTask({ ...task, ...draft }), returnFocus: null });
  }, []);
  const actions = useTaskActions({ list, counts, filters, onEditAgain: editAgain });

  const onEdit = useCallback((task: Task) => {
    const active = document.activeElement;
    setEditing({ task, values: valuesFromTask(task), returnFocus: active instanceof HTMLElement ? active : null });
  }, []);

  const closeEditor = useCallback(() => {
    setEditing((current) => {
      // The browser returns focus to the Edit button; this covers the cases it can't (e.g. "Edit again").
      const target = current?.returnFocus;
      window.requestAnimationFrame(() => {
        if (document.activeElement === document.body) (target?.isConnected ? target : newTaskRef.current)?.focus();
      });
      return null;
    });
  }, []);

  const { toggle, remove } = actions;
  const onDelete = useCallback(
    (task: Task) => {
      // Keep keyboard users in the list: focus moves to the next task (or the previous, or the composer).
      const item = document.getElementById(checkboxId(task.id))?.closest("li");
      const neighbour = item?.nextElementSibling ?? item?.previousElementSibling;
      const nextFocus = neighbour?.querySelector<HTMLInputElement>("input[type=checkbox]") ?? newTaskRef.current;
      void remove(task);
      window.requestAnimationFrame(() => nextFocus?.focus());
    },
    [remove],
  );

  const onTagClick = useCallback(
    (tag: string) => setFilters((current) => (current.tags.includes(tag) ? current : { ...current, tags: [...current.tags, tag] })),
    [],
  );

  const clearFilters = useCallback(() => setFilters((current) => ({ ...DEFAULT_FILTERS, sort: current.sort })), []);

  useEffect(() => {
    // The list came with the page, but every write needs the API token, which the page's inline
    // script has already requested: take it now, so a session that ended sends the person to sign
    // in at once rather than at their first click.
    getToken().catch(() => {});
  }, []);

  useEffect(() => {
    // Due dates are now worded in this browser's zone; the next page the server renders words them alike.
    if (now) rememberZone();
  }, [now]);

  useEffect(() => {
    // The forms' validation schema (zod, ~30 kB gzipped) is fetched on the first sign of someone about
    // to write — a key, a tap, a focus — not while the page loads: reading the list never needs it,
    // and evaluating it would hold up the main thread just as the tasks arrive.
    const events = ["keydown", "pointerdown", "focusin"] as const;
    const preload = () => {
      events.forEach((type) => document.removeEventListener(type, preload, true));
      preloadTaskSchema();
    };
    events.forEach((type) => document.addEventListener(type, preload, { capture: true, passive: true }));
    return () => events.forEach((type) => document.removeEventListener(type, preload, true));
  }, []);

  // Shortcuts: "/" searches, "n" starts a new task (never while typing or with a dialog open).
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector("dialog[open]")) return;
      const target = event.key === "/" ? searchRef.current : event.key === "n" || event.key === "N" ? newTaskRef.current : null;
      if (!target) return;
      event.preventDefault();
      target.focus();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  return (
    <>
      <div className="workspace-head">
        <h1>Tasks</h1>
        <Summary pending={actions.counts.pending} completed={actions.counts.completed} />
      </div>
      <NewTaskForm onAdd={actions.add} titleRef={newTaskRef} />
      <TaskToolbar filters={filters} onChange={setFilters} searchRef={searchRef} />
      <TaskListView
        list={list}
        tasks={actions.tasks}
        total={actions.counts.total}
        filtered={isFiltered(filters)}
        now={now}
        firstDue={firstDue}
        onToggle={toggle}
        onEdit={onEdit}
        onDelete={onDelete}
        onTagClick={onTagClick}
        onClearFilters={clearFilters}
      />
      {editing ? (
        <TaskEditorDialog
          key={`${editing.task.id}-${editing.task.updatedAt}`}
          initialValues={editing.values}
          onSave={(draft) => void actions.save(editing.task, draft)}
          onClose={closeEditor}
        />
      ) : null}
    </>
  );
}
