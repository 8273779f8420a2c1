// How a due date reads in the list: relative words near today, a short date further out, and a
// state (overdue, due soon) that the list marks with colour *and* words.

export type DueState = "overdue" | "soon" | "later" | "done";

export type DueDescription = { state: DueState; label: string; full: string };

const SOON_MS = 48 * 60 * 60 * 1000;

/**
 * Whose calendar and language a due date is read in. Empty in the browser: its own time zone and
 * locale. The server passes the reader's (remembered in a cookie, see ./zone) to word the first
 * page of tasks the way the browser will.
 */
export type Zone = { timeZone?: string; locale?: string };

// Formatters are built once: `toLocaleString(locale, options)` builds a new Intl.DateTimeFormat on
// every call, which costs more than the formatting itself, for every due date on every render.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: Zone, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([zone.timeZone, zone.locale, options]);
  let formatter = formatters.get(key);
  if (!formatter)
    formatters.set(
      key,
      (formatter = new Intl.DateTimeFormat(zone.locale, { ...options, timeZone: zone.timeZone })),
    );
  return formatter;
}

type Fields = { year: number; month: number; day: number; hour: number; minute: number };

// The calendar date and wall-clock time of an instant in the zone: straight from Date in the
// browser's own, through Intl in another (en-US, so the digits are always Latin).
const FIELDS: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
};

function fieldsOf(date: Date, zone: Zone): Fields {
  if (!zone.timeZone) {
    return {
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
      hour: date.getHours(),
      minute: date.getMinutes(),
    };
  }
  const parts = formatter({ timeZone: zone.timeZone, locale: "en-US" }, FIELDS).formatToParts(date);
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  return {
    year: field("year"),
    month: field("month"),
    day: field("day"),
    hour: field("hour"),
    minute: field("minute"),
  };
}

const dayNumber = ({ year, month, day }: Fields) => Date.UTC(year, month - 1, day) / 86_400_000;

export function describeDue(
  dueAt: string,
  completed: boolean,
  now: Date = new Date(),
  zone: Zone = {},
): DueDescription {
  const due = new Date(dueAt);
  const dueFields = fieldsOf(due, zone);
  const nowFields = fieldsOf(now, zone);
  const format = (date: Date, options: Intl.DateTimeFormatOptions) => formatter(zone, options).format(date);
  const dayDiff = dayNumber(dueFields) - dayNumber(nowFields);
  const hasTime = !(dueFields.hour === 23 && dueFields.minute === 59);
  const time = hasTime ? ` ${format(due, { hour: "numeric", minute: "2-digit" })}` : "";
  const sameYear = dueFields.year === nowFields.year;

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
