import type { Zone } from "./due";

// The reader's time zone and locale, remembered in a cookie so that the server can word the first
// page of due dates exactly as the browser will ("Due tomorrow 9:00 AM" depends on both). Nothing
// more than what the browser tells every site; scripts write it, so it is not HttpOnly.

export const ZONE_COOKIE = "evo-zone";

const VALUE = /^([\w/+-]{1,64})\|([\w-]{1,64})$/;

/** In the browser, once due dates have been worded here: stores the zone if it changed. */
export function rememberZone(): void {
  const { timeZone, locale } = new Intl.DateTimeFormat().resolvedOptions();
  const value = `${timeZone}|${locale}`;
  if (!VALUE.test(value) || document.cookie.split("; ").includes(`${ZONE_COOKIE}=${value}`)) return;
  const secure = window.location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${ZONE_COOKIE}=${value}; path=/; max-age=31536000; samesite=lax${secure}`;
}

/** On the server: the zone a cookie names, or null when it is missing or not a real zone and locale. */
export function parseZone(value: string | undefined): Zone | null {
  const match = value ? VALUE.exec(value) : null;
  if (!match) return null;
  const [, timeZone, locale] = match;
  try {
    new Intl.DateTimeFormat(locale, { timeZone });
    return { timeZone, locale };
  } catch {
    return null;
  }
}
