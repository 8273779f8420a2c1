import type { Zone } from "./due";

// The reader's time zone and locale, remembered in a cookie so that the server can word the first
// page of due dates exactly as the browser will ("Due tomorrow 9:00 AM" depends on both). Nothing
// more than what the browser tells every site; scripts write it, so it is not HttpOnly.

export const ZONE_COOKIE = "evo-zone";

/** `timeZone|locale`, as the browser writes the cookie. */
export const ZONE_VALUE = /^([\w/+-]{1,64})\|([\w-]{1,64})$/;

/** On the server: the zone a cookie names, or null when it is missing or not a real zone and locale. */
export function parseZone(value: string | undefined): Zone | null {
  const match = value ? ZONE_VALUE.exec(value) : null;
  if (!match) return null;
  const [, timeZone, locale] = match;
  try {
    new Intl.DateTimeFormat(locale, { timeZone });
    return { timeZone, locale };
  } catch {
    return null;
  }
}
