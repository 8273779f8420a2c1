// How a due date reads in the list: relative words near today, a short date further out, and a
// state (overdue, due soon) that the list marks with colour *and* words.

export type DueState = "overdue" | "soon" | "later" | "done";

export type DueDescription = { state: DueState; label: string; full: string };

const SOON_MS = 48 * 60 * 60 * 1000;

// Formatters are built once: `toLocaleString(locale, options)` builds a new Intl.DateTimeFormat on
// every call, which costs more than the formatting itself, for every due date on every render.
const formatters = new Map<string, Intl.DateTimeFormat>();

function format(date: Date, options: Intl.DateTimeFormatOptions): string {
  const key = JSON.stringify(options);
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.DateTimeFormat(undefined, options)));
  return formatter.format(date);
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function describeDue(dueAt: string, completed: boolean, now: Date = new Date()): DueDescription {
  const due = new Date(dueAt);
  const dayDiff = Math.round((startOfDay(due) - startOfDay(now)) / 86_400_000);
  const hasTime = !(due.getHours() === 23 && due.getMinutes() === 59);
  const time = hasTime ? ` ${format(due, { hour: "numeric", minute: "2-digit" })}` : "";
  const sameYear = due.getFullYear() === now.getFullYear();

  let day: string;
  if (dayDiff === 0) day = "today";
  else if (dayDiff === 1) day = "tomorrow";
  else if (dayDiff === -1) day = "yesterday";
  else if (dayDiff > 1 && dayDiff < 7) day = format(due, { weekday: "long" });
  else day = format(due, { month: "short", day: "numeric", ...(sameYear ? {} : { year: "numeric" }) });

  const full = format(due, { dateStyle: "full", ...(hasTime ? { timeStyle: "short" } : {}) });
  const remaining = due.getTime() - now.getTime();
  if (completed) return { state: "done", label: `Due ${day}${time}`, full };
  if (remaining < 0) return { state: "overdue", label: `Overdue · ${day}${time}`, full };
  if (remaining <= SOON_MS) return { state: "soon", label: `Due ${day}${time}`, full };
  return { state: "later", label: `Due ${day}${time}`, full };
}
