// The task page's first requests, started by a few lines of inline script while the browser is
// still downloading the app's JavaScript, instead of after it has run: the API token, then (when
// the server could not render the list itself, see lib/tasks/first-view.ts) the first page of the
// list and the two counts. Without this the list would wait for the scripts, then the token, then
// the tasks, one round trip after the other; with it the data is usually there before React is.
// The app takes each response once (token.ts, api.ts) and falls back to its usual requests
// whenever one is missing, failed, or was not a 2xx.

type EarlyRequests = { token?: Promise<Response>; data: Record<string, Promise<Response | null>> };

const GLOBAL = "__evoEarly";

declare global {
  interface Window {
    [GLOBAL]?: EarlyRequests;
  }
}

/** The inline script for these GET paths (server-rendered into the page; CSP allows inline scripts). */
export function earlyFetchScript(tokenUrl: string, paths: string[]): string {
  // ES5-level on purpose: it runs before any polyfill, in whatever browser opened the page. Every
  // promise gets a handler, so a failure here is never reported as an unhandled rejection.
  return `(function(){try{var h={accept:"application/json"};var t=fetch(${JSON.stringify(tokenUrl)},{credentials:"same-origin",cache:"no-store",headers:h});t.catch(function(){});var b=t.then(function(r){return r.ok?r.clone().json():null}).then(function(j){return j&&typeof j.token==="string"?j.token:null},function(){return null});var d={};${JSON.stringify(paths)}.forEach(function(p){d[p]=b.then(function(k){return k?fetch(p,{credentials:"omit",cache:"no-store",headers:{accept:"application/json",authorization:"Bearer "+k}}):null}).catch(function(){return null})});window.${GLOBAL}={token:t,data:d}}catch(e){}})();`;
}

/** The early token request, once; later callers get undefined and fetch their own. */
export function takeEarlyToken(): Promise<Response> | undefined {
  if (typeof window === "undefined") return undefined;
  const early = window[GLOBAL];
  const token = early?.token;
  // Once taken, the page-wide handle to the token goes: it lives on in token.ts's memory only.
  if (early) delete early.token;
  return token;
}

/** The early response for this GET path, once; null when there is none or it failed. */
export async function takeEarlyResponse(path: string): Promise<Response | null> {
  if (typeof window === "undefined") return null;
  const data = window[GLOBAL]?.data;
  const response = data?.[path];
  if (!data || !response) return null;
  delete data[path];
  return response;
}

/** Forget everything fetched early (sign-out, or the session changed under the page). */
export function dropEarlyRequests(): void {
  if (typeof window !== "undefined") delete window[GLOBAL];
}
