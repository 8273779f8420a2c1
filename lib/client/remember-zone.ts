import "client-only";
import { ZONE_COOKIE, ZONE_VALUE } from "@/lib/shared/zone";

/** In the browser, once due dates have been worded here: stores the zone if it changed. */
export function rememberZone(): void {
  const { timeZone, locale } = new Intl.DateTimeFormat().resolvedOptions();
  const value = `${timeZone}|${locale}`;
  if (!ZONE_VALUE.test(value) || document.cookie.split("; ").includes(`${ZONE_COOKIE}=${value}`)) return;
  const secure = window.location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${ZONE_COOKIE}=${value}; path=/; max-age=31536000; samesite=lax${secure}`;
}
